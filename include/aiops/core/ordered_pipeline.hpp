// aiops: blocks read in order, worked on by several threads, consumed in order on the calling thread
// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>  // std::condition_variable
#include <cstddef>             // std::size_t
#include <exception>           // std::exception_ptr, std::current_exception, std::rethrow_exception
#include <mutex>               // std::mutex, std::unique_lock
#include <span>                // std::span
#include <stdexcept>           // std::invalid_argument
#include <thread>              // std::thread
#include <vector>              // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE

/// Runs three stages over blocks of input: `fill(slot)` loads the next block into a slot (one
/// call at a time, in input order: reading a file), `work(slot)` processes it (on up to `threads`
/// threads at once: masking messages), `consume(slot)` takes the blocks on the calling thread in
/// input order (mining them into a model that is not thread-safe). `fill` returns false when the
/// input is exhausted. At most slots.size() blocks are in flight, so a slot's buffers are reused
/// and memory stays bounded; the calling thread works blocks too while the next one is not ready.
/// What `consume` sees is what a plain loop would give, whatever `threads` is; with 1 no thread
/// is started. The first exception of any stage stops the pipeline and is rethrown here.
///
///     std::vector<block> slots(8);
///     aiops::ordered_pipeline<block>(slots, 4, read_next, mask_block, mine_block);
///
/// @throws std::invalid_argument when slots is empty or threads is 0.
template <class Slot, class Fill, class Work, class Consume>
void ordered_pipeline(std::span<Slot> slots, std::size_t threads, Fill fill, Work work, Consume consume) {
  if (slots.empty() || threads == 0) throw std::invalid_argument("ordered_pipeline: needs a slot and a thread");
  const std::size_t window = slots.size();
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t filled = 0;                 // blocks loaded (or being loaded) so far
  std::size_t consumed = 0;               // blocks consumed so far
  std::vector<std::size_t> worked(window);  // per slot: 1 + the block last worked in it
  bool ended = false;                     // fill found no more input, or a stage failed
  std::exception_ptr failure;

  const auto fail = [&] {  // with the lock held
    if (!failure) failure = std::current_exception();
    ended = true;
    changed.notify_all();
  };
  // Loads and works the next block; called with the lock held and a slot free.
  const auto step = [&](std::unique_lock<std::mutex>& held) {
    const std::size_t block = filled++;
    Slot& slot = slots[block % window];
    try {
      if (!fill(slot)) {  // under the lock: blocks are loaded in order
        --filled;
        ended = true;
        changed.notify_all();
        return;
      }
      held.unlock();
      work(slot);
      held.lock();
    } catch (...) {
      if (!held.owns_lock()) held.lock();
      fail();
      return;
    }
    worked[block % window] = block + 1;
    changed.notify_all();
  };
  const auto slot_free = [&] { return filled < consumed + window; };

  std::vector<std::thread> workers;
  const auto stop = [&] {
    {
      std::unique_lock held(mutex);
      ended = true;
      changed.notify_all();
    }
    for (std::thread& t : workers) t.join();
  };
  try {
    for (std::size_t t = 1; t < threads; ++t)
      workers.emplace_back([&] {
        std::unique_lock held(mutex);
        for (;;) {
          changed.wait(held, [&] { return ended || slot_free(); });
          if (ended) return;
          step(held);
        }
      });
  } catch (...) {
    stop();
    throw;
  }

  for (std::size_t block = 0;; ++block) {
    std::unique_lock held(mutex);
    while (worked[block % window] != block + 1 && !failure && !(ended && block >= filled)) {
      if (!ended && slot_free())
        step(held);  // help rather than wait
      else
        changed.wait(held);
    }
    if (failure || worked[block % window] != block + 1) break;
    held.unlock();
    try {
      consume(slots[block % window]);
    } catch (...) {
      held.lock();
      fail();
      break;
    }
    held.lock();
    consumed = block + 1;
    changed.notify_all();
  }
  stop();
  if (failure) std::rethrow_exception(failure);
}

AIOPS_END_NAMESPACE
