// The Distributed Map runner: runs one Map state attempt as a Map Run of child executions
// (STANDARD or EXPRESS), streaming items from the state input or an S3 ItemReader through
// ItemSelector and ItemBatcher, enforcing MaxConcurrency and failure tolerance, and returning the
// children's outputs or exporting them with the ResultWriter. Plug the result into
// engine::EngineOptions::map_runner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "distributed/maprun/map_run_registry.h"
#include "engine/map_runner.h"
#include "s3/object_store.h"

namespace sfn::distributed {

struct DistributedMapOptions {
  // ResultWriter files are split past this size (AWS: 5 GB).
  std::uint64_t max_result_file_bytes = 5ULL << 30;
  // Children started back to back before the dispatcher yields to the event loop.
  std::size_t yield_every = 256;
};

// Creates the runner. `store` (ItemReader/ResultWriter objects) and `registry` (Map Run records)
// are borrowed and must outlive it; `registry` may be null. One runner may serve several engines.
// Usage:
//   auto store = s3::MakeLocalStore(root);
//   MapRunRegistry registry;
//   auto runner = MakeDistributedMapRunner(store.get(), &registry);
//   engine::EngineOptions eo; eo.map_runner = runner.get();
std::unique_ptr<engine::MapRunner> MakeDistributedMapRunner(s3::ObjectStore* store,
                                                            MapRunRegistry* registry,
                                                            DistributedMapOptions options = {});

}  // namespace sfn::distributed
