// aiops: the es module: an Elasticsearch 8 / OpenSearch 2 client: bulk indexing with per-item
// retries, a bounded ingester, query and aggregation builders, typed results, paging, ECS names
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/es/aggs.hpp"
#include "aiops/es/bulk.hpp"
#include "aiops/es/client.hpp"
#include "aiops/es/document.hpp"
#include "aiops/es/ecs.hpp"
#include "aiops/es/error.hpp"
#include "aiops/es/ingester.hpp"
#include "aiops/es/query.hpp"
#include "aiops/es/search.hpp"
