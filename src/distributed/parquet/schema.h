// Parquet schema tree, per-leaf column descriptors and the physical-to-JSON value mapping.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "distributed/parquet/encodings.h"
#include "distributed/parquet/metadata.h"
#include "json/json.h"

namespace sfn::parquet {

// How a leaf's physical values become JSON (see parquet_reader.h for the documented mapping).
enum class ValueKind {
  kBool,
  kInt,
  kUint32,
  kUint64,
  kFloat,
  kDouble,
  kString,
  kAutoBytes,
  kBase64,
  kDecimalInt,
  kDecimalBytes,
  kDate,
  kTime,
  kTimestamp,
  kInt96,
  kUuid,
  kFloat16,
};

// Shape of a schema node in the JSON row.
enum class NodeShape { kPrimitive, kStruct, kList, kMap };

struct SchemaNode {
  const SchemaElement* elem = nullptr;
  int parent = -1;
  std::vector<int> children;
  int def_level = 0;  // definition level at which this node is present
  int rep_level = 0;  // repetition level of this node
  NodeShape shape = NodeShape::kPrimitive;
  bool needs_shaping = false;  // this node or a descendant is a LIST or MAP
  int leaf = -1;               // index into Schema::leaves for primitives
};

struct LeafInfo {
  std::string dotted_path;  // "a.list.element"
  int node = -1;
  std::vector<int> path;  // node indices from the top-level field down to the leaf
  PhysicalType type = PhysicalType::kInt32;
  int type_length = 0;
  int max_def = 0;
  int max_rep = 0;
  ValueKind kind = ValueKind::kInt;
  int scale = 0;
  TimeUnit unit = TimeUnit::kNone;
  bool utc = true;
  bool epoch_millis = false;  // TIMESTAMP/INT96 as integer epoch milliseconds
};

// The schema of one file: node 0 is the root; leaves are in column-chunk order.
struct Schema {
  std::vector<SchemaNode> nodes;
  std::vector<LeafInfo> leaves;
};

// Builds the schema tree from the flattened SchemaElement list (kept alive by the caller).
Result<Schema> BuildSchema(const FileMetaData& md, const std::string& what);

// Converts value `i` of `v` (decoded physical values of `leaf`) to JSON.
json::Value ConvertValue(const LeafInfo& leaf, const Values& v, std::size_t i);

}  // namespace sfn::parquet
