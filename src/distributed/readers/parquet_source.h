// PARQUET item sources: adapts ObjectStore ranged reads to the Parquet row reader
// (src/distributed/parquet), one JSON object per row. Lives in its own target
// (sfn_item_readers_parquet) so the core readers do not depend on the Parquet codecs.
#pragma once

#include <memory>
#include <string>

#include "distributed/readers/item_source.h"

namespace sfn::distributed {

// Rows of the Parquet object s3://bucket/key. Reads the footer and each needed column chunk with
// ranged reads (ObjectStore::ReadRange); memory is bounded by one row group.
Result<std::unique_ptr<ItemSource>> MakeParquetItemSource(s3::ObjectStore& store,
                                                          const std::string& bucket,
                                                          const std::string& key);

// A factory for ReaderOptions::parquet that calls MakeParquetItemSource.
ParquetFactory ParquetItemSourceFactory();

}  // namespace sfn::distributed
