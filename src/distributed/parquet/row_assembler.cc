// Record assembly: each leaf's entries for one row are inserted into a shared JSON tree.
#include "distributed/parquet/row_assembler.h"

namespace sfn::parquet {

RowAssembler::RowAssembler(const Schema& schema, std::string where)
    : schema_(&schema), where_(std::move(where)) {}

Result<bool> RowAssembler::Next(std::vector<std::unique_ptr<ColumnReader>>& columns,
                                json::Value& row) {
  json::Object& obj = row.emplace_object();
  obj.reserve(schema_->nodes[0].children.size());
  bool any = false;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    ColumnReader& col = *columns[c];
    const LeafInfo& leaf = schema_->leaves[c];
    SFN_ASSIGN_OR_RETURN(bool has, col.HasNext());
    if (!has) {
      if (c == 0) return false;
      return Status::Corruption("Parquet file " + where_ + ": column '" + leaf.dotted_path +
                                "' has fewer rows than the first column");
    }
    if (c == 0) any = true;
    if (col.rep() != 0) {
      return Status::Corruption("Parquet file " + where_ + ": column '" + leaf.dotted_path +
                                "' does not start a row where expected");
    }
    cursors_.assign(static_cast<std::size_t>(leaf.max_rep) + 1, 0);
    bool first = true;
    while (true) {
      if (!first) {
        SFN_ASSIGN_OR_RETURN(has, col.HasNext());
        if (!has || col.rep() == 0) break;
      }
      first = false;
      SFN_TRY(AddEntry(leaf, col.def(), col.rep(), col.Value(), obj, cursors_));
      col.Advance();
      if (leaf.max_rep == 0) break;
    }
  }
  if (!any) return false;
  // Shape LIST/MAP subtrees.
  for (int child : schema_->nodes[0].children) {
    const SchemaNode& n = schema_->nodes[static_cast<std::size_t>(child)];
    if (!n.needs_shaping) continue;
    auto it = obj.find(n.elem->name);
    if (it == obj.end()) continue;
    if (n.elem->repetition == Repetition::kRepeated && it->value().is_array()) {
      for (auto& e : it->value().get_array()) e = Shape(child, std::move(e));
    } else {
      it->value() = Shape(child, std::move(it->value()));
    }
  }
  return true;
}

Status RowAssembler::AddEntry(const LeafInfo& leaf, int def, int rep, json::Value value,
                              json::Object& row, std::vector<std::size_t>& cursors) {
  json::Object* container = &row;
  const std::size_t depth = leaf.path.size();
  for (std::size_t i = 0; i < depth; ++i) {
    const SchemaNode& node = schema_->nodes[static_cast<std::size_t>(leaf.path[i])];
    const std::string& name = node.elem->name;
    const bool is_leaf = i + 1 == depth;
    const Repetition rt = node.elem->repetition;
    if (rt == Repetition::kRepeated) {
      json::Value& slot = (*container)[name];
      if (!slot.is_array()) slot = json::Array();
      json::Array& arr = slot.get_array();
      if (def < node.def_level) return Status::Ok();  // empty list
      const auto level = static_cast<std::size_t>(node.rep_level);
      std::size_t idx;
      if (rep < node.rep_level) {
        idx = 0;
      } else if (rep == node.rep_level) {
        idx = cursors[level] + 1;
      } else {
        idx = cursors[level];
      }
      cursors[level] = idx;
      if (idx > arr.size()) {
        return Status::Corruption("Parquet file " + where_ + ": column '" + leaf.dotted_path +
                                  "' has inconsistent repetition levels");
      }
      if (idx == arr.size()) arr.emplace_back(nullptr);
      json::Value& elem = arr[idx];
      if (is_leaf) {
        elem = std::move(value);
        return Status::Ok();
      }
      if (!elem.is_object()) elem = json::Object();
      container = &elem.get_object();
      continue;
    }
    if (is_leaf) {
      if (rt == Repetition::kRequired && def < node.def_level) {
        return Status::Corruption("Parquet file " + where_ + ": required column '" +
                                  leaf.dotted_path + "' has a null value");
      }
      (*container)[name] = def >= node.def_level ? std::move(value) : json::Value(nullptr);
      return Status::Ok();
    }
    if (def < node.def_level) {  // optional group is null
      if (!container->contains(name)) (*container)[name] = nullptr;
      return Status::Ok();
    }
    json::Value& slot = (*container)[name];
    if (!slot.is_object()) slot = json::Object();
    container = &slot.get_object();
  }
  return Status::Ok();
}

json::Value RowAssembler::Shape(int node_index, json::Value v) const {
  const SchemaNode& node = schema_->nodes[static_cast<std::size_t>(node_index)];
  if (!node.needs_shaping || v.is_null()) return v;
  // A repeated node's raw value is an array of element values; shape each element as the node.
  auto shape_struct = [&](const SchemaNode& n, json::Value val) -> json::Value {
    if (!val.is_object()) return val;
    json::Object& o = val.get_object();
    for (int c : n.children) {
      const SchemaNode& cn = schema_->nodes[static_cast<std::size_t>(c)];
      if (!cn.needs_shaping) continue;
      auto it = o.find(cn.elem->name);
      if (it == o.end()) continue;
      if (cn.elem->repetition == Repetition::kRepeated && it->value().is_array()) {
        for (auto& e : it->value().get_array()) e = Shape(c, std::move(e));
      } else {
        it->value() = Shape(c, std::move(it->value()));
      }
    }
    return val;
  };
  if (node.shape == NodeShape::kStruct) return shape_struct(node, std::move(v));
  if (!v.is_object() || node.children.size() != 1) return v;
  const int rep_index = node.children[0];
  const SchemaNode& rep = schema_->nodes[static_cast<std::size_t>(rep_index)];
  json::Object& o = v.get_object();
  auto it = o.find(rep.elem->name);
  json::Array entries;
  if (it != o.end() && it->value().is_array()) entries = std::move(it->value().get_array());
  if (node.shape == NodeShape::kList) {
    // 3-level list: repeated group with a single child that is the element. Otherwise
    // (2-level / legacy) the repeated field itself is the element.
    const bool three_level = rep.shape != NodeShape::kPrimitive && rep.children.size() == 1 &&
                             rep.elem->name != "array" &&
                             rep.elem->name != node.elem->name + "_tuple";
    json::Array out;
    out.reserve(entries.size());
    for (auto& e : entries) {
      if (three_level) {
        const int el = rep.children[0];
        json::Value inner = nullptr;
        if (e.is_object()) {
          auto f = e.get_object().find(schema_->nodes[static_cast<std::size_t>(el)].elem->name);
          if (f != e.get_object().end()) inner = std::move(f->value());
        }
        out.push_back(Shape(el, std::move(inner)));
      } else if (rep.shape == NodeShape::kPrimitive) {
        out.push_back(std::move(e));
      } else {
        out.push_back(Shape(rep_index, std::move(e)));
      }
    }
    return out;
  }
  // MAP: repeated key_value group with a key and an optional value.
  json::Object out;
  if (rep.children.empty()) return out;
  const SchemaNode& key = schema_->nodes[static_cast<std::size_t>(rep.children[0])];
  const int value_index = rep.children.size() > 1 ? rep.children[1] : -1;
  for (auto& e : entries) {
    if (!e.is_object()) continue;
    json::Object& kv = e.get_object();
    auto k = kv.find(key.elem->name);
    if (k == kv.end()) continue;
    std::string key_text =
        k->value().is_string() ? std::string(k->value().get_string()) : json::Serialize(k->value());
    json::Value val = nullptr;
    if (value_index >= 0) {
      const SchemaNode& vn = schema_->nodes[static_cast<std::size_t>(value_index)];
      auto f = kv.find(vn.elem->name);
      if (f != kv.end()) val = Shape(value_index, std::move(f->value()));
    }
    out[key_text] = std::move(val);
  }
  return out;
}

}  // namespace sfn::parquet
