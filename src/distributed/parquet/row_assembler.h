// Reassembles JSON rows from the level/value streams of all leaf columns (Dremel-style
// record assembly), then shapes LIST groups into arrays and MAP groups into objects.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "distributed/parquet/column_reader.h"
#include "distributed/parquet/schema.h"
#include "json/json.h"

namespace sfn::parquet {

class RowAssembler {
 public:
  // `schema` must outlive the assembler. `where` names the file for errors.
  RowAssembler(const Schema& schema, std::string where);

  // Reads one row from `columns` (one reader per leaf, in leaf order) into `row`.
  // Returns false when the first column is exhausted (`row` is then unspecified).
  Result<bool> Next(std::vector<std::unique_ptr<ColumnReader>>& columns, json::Value& row);

 private:
  Status AddEntry(const LeafInfo& leaf, int def, int rep, json::Value value, json::Object& row,
                  std::vector<std::size_t>& cursors);
  json::Value Shape(int node, json::Value v) const;

  const Schema* schema_;
  std::string where_;
  std::vector<std::size_t> cursors_;
};

}  // namespace sfn::parquet
