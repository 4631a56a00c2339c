// aiops: the nlp module: log template mining (masks, Drain, the refined parser, parsing metrics, LogHub files),
// TF-IDF, Word2Vec and clustering of messages
// SPDX-License-Identifier: MIT
//
// Two opt-in headers are not included here because of their dependencies: aiops/nlp/regex_mask.hpp
// (custom regex masks, PCRE2) and aiops/nlp/drain_json.hpp (saving and loading Drain, nlohmann-json).
#pragma once

#include "aiops/core.hpp"
#include "aiops/nlp/cluster.hpp"
#include "aiops/nlp/drain.hpp"
#include "aiops/nlp/log_cluster.hpp"
#include "aiops/nlp/log_format.hpp"
#include "aiops/nlp/loghub.hpp"
#include "aiops/nlp/mask.hpp"
#include "aiops/nlp/parse.hpp"
#include "aiops/nlp/parse_metrics.hpp"
#include "aiops/nlp/refine.hpp"
#include "aiops/nlp/tfidf.hpp"
#include "aiops/nlp/tokenize.hpp"
#include "aiops/nlp/word2vec.hpp"
