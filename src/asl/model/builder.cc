// Builds the compiled model (state_machine.h) from definition JSON.
#include <string_view>

#include "asl/model/jsonata_bridge.h"
#include "asl/model/state_machine.h"

namespace sfn::asl {
namespace {

std::string_view Sv(const json::String& s) { return {s.data(), s.size()}; }

const json::Value* Get(const json::Object& o, std::string_view key) { return o.if_contains(key); }

Status At(const std::string& where, const Status& s) {
  return Status(s.code(), s.message() + " (at " + where + ")");
}

Result<PathField> CompilePathField(const json::Object& o, std::string_view key, bool reference,
                                   const std::string& where) {
  PathField f;
  const json::Value* v = Get(o, key);
  if (!v) return f;
  if (v->is_null()) {
    f.mode = PathField::Mode::kNull;
    return f;
  }
  if (!v->is_string())
    return Status::InvalidArgument(std::string(key) + " must be a string or null at " + where);
  auto p = reference ? JsonPath::CompileReference(Sv(v->get_string()))
                     : JsonPath::Compile(Sv(v->get_string()));
  if (!p.ok()) return At(where + "/" + std::string(key), p.status());
  f.mode = PathField::Mode::kPath;
  f.path = std::move(p).value();
  return f;
}

Result<std::optional<PayloadTemplate>> CompileTemplate(const json::Object& o, std::string_view key,
                                                       const std::string& where) {
  const json::Value* v = Get(o, key);
  if (!v) return std::optional<PayloadTemplate>();
  auto t = PayloadTemplate::Compile(*v, key);
  if (!t.ok()) return At(where + "/" + std::string(key), t.status());
  return std::optional<PayloadTemplate>(std::move(t).value());
}

// X / XPath pairs. `dynamic` = XPath may also be an intrinsic (Fail ErrorPath/CausePath).
Result<FieldSpec> CompileField(const json::Object& o, std::string_view key, bool jsonata,
                               bool dynamic, const std::string& where) {
  FieldSpec f;
  if (const json::Value* v = Get(o, key)) {
    if (jsonata && IsJsonataString(*v)) {
      SFN_ASSIGN_OR_RETURN(f.expr, CompileJsonataValue(*v, std::string(key)));
    } else {
      f.literal = *v;
    }
  }
  std::string path_key = std::string(key) + "Path";
  if (const json::Value* v = Get(o, path_key)) {
    if (!v->is_string()) return Status::InvalidArgument(path_key + " must be a string at " + where);
    if (dynamic) {
      auto d = DynamicValue::Compile(Sv(v->get_string()));
      if (!d.ok()) return At(where + "/" + path_key, d.status());
      f.dynamic = std::move(d).value();
    } else {
      auto p = JsonPath::CompileReference(Sv(v->get_string()));
      if (!p.ok()) return At(where + "/" + path_key, p.status());
      f.path = std::move(p).value();
    }
  }
  return f;
}

Result<std::vector<std::string>> ErrorEquals(const json::Object& o) {
  std::vector<std::string> out;
  if (const json::Value* v = Get(o, "ErrorEquals"); v && v->is_array()) {
    for (const auto& e : v->as_array())
      if (e.is_string()) out.emplace_back(Sv(e.get_string()));
  }
  return out;
}

double Num(const json::Value* v, double dflt) { return v ? json::AsDouble(*v) : dflt; }

Result<std::unique_ptr<Program>> BuildProgram(const json::Object& o, QueryLanguage machine_ql,
                                              const std::string& where, StateMachine& sm);

Status BuildRetryCatch(const json::Object& o, State& s, const std::string& where) {
  if (const json::Value* r = Get(o, "Retry"); r && r->is_array()) {
    for (const auto& rv : r->as_array()) {
      if (!rv.is_object()) continue;
      const auto& ro = rv.as_object();
      Retrier rt;
      SFN_ASSIGN_OR_RETURN(rt.error_equals, ErrorEquals(ro));
      rt.interval_seconds = Num(Get(ro, "IntervalSeconds"), 1);
      rt.max_attempts = static_cast<long long>(Num(Get(ro, "MaxAttempts"), 3));
      rt.backoff_rate = Num(Get(ro, "BackoffRate"), 2.0);
      if (const json::Value* m = Get(ro, "MaxDelaySeconds"))
        rt.max_delay_seconds = json::AsDouble(*m);
      if (const json::Value* j = Get(ro, "JitterStrategy"); j && j->is_string())
        rt.jitter_full = j->get_string() == "FULL";
      s.retry.push_back(std::move(rt));
    }
  }
  if (const json::Value* c = Get(o, "Catch"); c && c->is_array()) {
    int i = 0;
    for (const auto& cv : c->as_array()) {
      if (!cv.is_object()) continue;
      const auto& co = cv.as_object();
      std::string cw = where + "/Catch/" + std::to_string(i++);
      Catcher ct;
      SFN_ASSIGN_OR_RETURN(ct.error_equals, ErrorEquals(co));
      if (const json::Value* n = Get(co, "Next"); n && n->is_string())
        ct.next = std::string(Sv(n->get_string()));
      bool jsonata = s.query_language == QueryLanguage::kJsonata;
      if (jsonata) {
        if (const json::Value* v = Get(co, "Output")) {
          SFN_ASSIGN_OR_RETURN(ct.output, CompileJsonataValue(*v, "Output"));
        }
        if (const json::Value* v = Get(co, "Assign")) {
          SFN_ASSIGN_OR_RETURN(ct.assign_expr, CompileJsonataValue(*v, "Assign"));
        }
      } else {
        SFN_ASSIGN_OR_RETURN(ct.result_path, CompilePathField(co, "ResultPath", true, cw));
        SFN_ASSIGN_OR_RETURN(ct.assign, CompileTemplate(co, "Assign", cw));
      }
      s.catchers.push_back(std::move(ct));
    }
  }
  return Status::Ok();
}

Status BuildMap(const json::Object& o, State& s, QueryLanguage machine_ql, const std::string& where,
                StateMachine& sm) {
  auto m = std::make_unique<MapSpec>();
  const json::Value* proc = Get(o, "ItemProcessor");
  if (!proc) proc = Get(o, "Iterator");
  if (!proc || !proc->is_object())
    return Status::InvalidArgument("Map needs ItemProcessor at " + where);
  const auto& po = proc->as_object();
  if (const json::Value* pc = Get(po, "ProcessorConfig"); pc && pc->is_object()) {
    if (const json::Value* mode = Get(pc->as_object(), "Mode"); mode && mode->is_string())
      m->distributed = mode->get_string() == "DISTRIBUTED";
    if (const json::Value* et = Get(pc->as_object(), "ExecutionType"); et && et->is_string())
      m->execution_type = std::string(Sv(et->get_string()));
  }
  if (m->distributed) sm.uses_distributed_map = true;
  SFN_ASSIGN_OR_RETURN(m->processor, BuildProgram(po, machine_ql, where + "/ItemProcessor", sm));
  if (m->distributed) {
    m->child_machine = std::make_unique<StateMachine>();
    m->child_machine->query_language = machine_ql;
    m->child_machine->raw = *proc;
    m->child_machine->program = std::move(*m->processor);
    m->processor.reset();
  }
  bool jsonata = s.query_language == QueryLanguage::kJsonata;
  if (const json::Value* ip = Get(o, "ItemsPath"); ip && ip->is_string()) {
    auto p = JsonPath::CompileReference(Sv(ip->get_string()));
    if (!p.ok()) return At(where + "/ItemsPath", p.status());
    m->items_path = std::move(p).value();
  }
  if (jsonata) {
    if (const json::Value* v = Get(o, "Items")) {
      SFN_ASSIGN_OR_RETURN(m->items, CompileJsonataValue(*v, "Items"));
    }
    if (const json::Value* v = Get(o, "ItemSelector")) {
      SFN_ASSIGN_OR_RETURN(m->item_selector_expr, CompileJsonataValue(*v, "ItemSelector"));
    }
  } else {
    const char* key = Get(o, "ItemSelector") ? "ItemSelector" : "Parameters";
    SFN_ASSIGN_OR_RETURN(m->item_selector, CompileTemplate(o, key, where));
  }
  SFN_ASSIGN_OR_RETURN(m->max_concurrency,
                       CompileField(o, "MaxConcurrency", jsonata, false, where));
  SFN_ASSIGN_OR_RETURN(m->tolerated_failure_percentage,
                       CompileField(o, "ToleratedFailurePercentage", jsonata, false, where));
  SFN_ASSIGN_OR_RETURN(m->tolerated_failure_count,
                       CompileField(o, "ToleratedFailureCount", jsonata, false, where));
  if (const json::Value* l = Get(o, "Label"); l && l->is_string())
    m->label = std::string(Sv(l->get_string()));
  if (const json::Value* v = Get(o, "ItemReader")) {
    m->item_reader = *v;
    m->has_item_reader = true;
  }
  if (const json::Value* v = Get(o, "ItemBatcher")) {
    m->item_batcher = *v;
    m->has_item_batcher = true;
  }
  if (const json::Value* v = Get(o, "ResultWriter")) {
    m->result_writer = *v;
    m->has_result_writer = true;
  }
  s.map = std::move(m);
  return Status::Ok();
}

Result<StateType> ParseType(std::string_view t) {
  if (t == "Pass") return StateType::kPass;
  if (t == "Task") return StateType::kTask;
  if (t == "Choice") return StateType::kChoice;
  if (t == "Wait") return StateType::kWait;
  if (t == "Succeed") return StateType::kSucceed;
  if (t == "Fail") return StateType::kFail;
  if (t == "Parallel") return StateType::kParallel;
  if (t == "Map") return StateType::kMap;
  return Status::InvalidArgument("unknown state Type '" + std::string(t) + "'");
}

Result<std::unique_ptr<State>> BuildState(const std::string& name, const json::Value& v,
                                          QueryLanguage machine_ql, const std::string& where,
                                          StateMachine& sm) {
  if (!v.is_object()) return Status::InvalidArgument("state must be an object at " + where);
  const auto& o = v.as_object();
  auto s = std::make_unique<State>();
  s->name = name;
  s->raw = v;
  const json::Value* type = Get(o, "Type");
  if (!type || !type->is_string()) return Status::InvalidArgument("state needs a Type at " + where);
  SFN_ASSIGN_OR_RETURN(s->type, ParseType(Sv(type->get_string())));
  s->query_language = machine_ql;
  if (const json::Value* ql = Get(o, "QueryLanguage"); ql && ql->is_string())
    s->query_language =
        ql->get_string() == "JSONata" ? QueryLanguage::kJsonata : QueryLanguage::kJsonPath;
  bool jsonata = s->query_language == QueryLanguage::kJsonata;
  if (const json::Value* n = Get(o, "Next"); n && n->is_string())
    s->next = std::string(Sv(n->get_string()));
  if (const json::Value* e = Get(o, "End"); e && e->is_bool()) s->end = e->get_bool();
  {
    // Only states whose expressions mention the context object pay for building it.
    std::string text = json::Serialize(v);
    s->uses_context = text.find("$$") != std::string::npos ||
                      text.find("$states.context") != std::string::npos ||
                      text.find("$states") != std::string::npos;
  }
  if (jsonata) {
    if (const json::Value* a = Get(o, "Arguments")) {
      SFN_ASSIGN_OR_RETURN(s->arguments, CompileJsonataValue(*a, "Arguments"));
    }
    if (const json::Value* a = Get(o, "Output")) {
      SFN_ASSIGN_OR_RETURN(s->output, CompileJsonataValue(*a, "Output"));
    }
    if (const json::Value* a = Get(o, "Assign")) {
      SFN_ASSIGN_OR_RETURN(s->assign_expr, CompileJsonataValue(*a, "Assign"));
    }
  } else {
    SFN_ASSIGN_OR_RETURN(s->input_path, CompilePathField(o, "InputPath", false, where));
    SFN_ASSIGN_OR_RETURN(s->output_path, CompilePathField(o, "OutputPath", false, where));
    SFN_ASSIGN_OR_RETURN(s->result_path, CompilePathField(o, "ResultPath", true, where));
    if (s->type != StateType::kMap) {
      SFN_ASSIGN_OR_RETURN(s->parameters, CompileTemplate(o, "Parameters", where));
    }
    SFN_ASSIGN_OR_RETURN(s->result_selector, CompileTemplate(o, "ResultSelector", where));
    SFN_ASSIGN_OR_RETURN(s->assign, CompileTemplate(o, "Assign", where));
  }
  switch (s->type) {
    case StateType::kPass: {
      if (const json::Value* r = Get(o, "Result")) s->result = *r;
      break;
    }
    case StateType::kTask: {
      if (const json::Value* r = Get(o, "Resource"); r && r->is_string())
        s->resource = std::string(Sv(r->get_string()));
      SFN_ASSIGN_OR_RETURN(s->timeout_seconds,
                           CompileField(o, "TimeoutSeconds", jsonata, false, where));
      SFN_ASSIGN_OR_RETURN(s->heartbeat_seconds,
                           CompileField(o, "HeartbeatSeconds", jsonata, false, where));
      if (const json::Value* c = Get(o, "Credentials")) s->credentials = *c;
      break;
    }
    case StateType::kChoice: {
      if (const json::Value* d = Get(o, "Default"); d && d->is_string())
        s->default_next = std::string(Sv(d->get_string()));
      if (const json::Value* cs = Get(o, "Choices"); cs && cs->is_array()) {
        int i = 0;
        for (const auto& c : cs->as_array()) {
          std::string cw = where + "/Choices/" + std::to_string(i++);
          auto rule = CompileChoiceRule(c, true, jsonata);
          if (!rule.ok()) return At(cw, rule.status());
          ChoiceRule r = std::move(rule).value();
          const auto& co = c.as_object();
          if (jsonata) {
            if (const json::Value* cond = Get(co, "Condition")) {
              SFN_ASSIGN_OR_RETURN(r.condition, CompileJsonataValue(*cond, "Condition"));
            }
            if (const json::Value* a = Get(co, "Assign")) {
              SFN_ASSIGN_OR_RETURN(r.assign_expr, CompileJsonataValue(*a, "Assign"));
            }
            if (const json::Value* a = Get(co, "Output")) {
              SFN_ASSIGN_OR_RETURN(r.output, CompileJsonataValue(*a, "Output"));
            }
          } else {
            SFN_ASSIGN_OR_RETURN(r.assign, CompileTemplate(co, "Assign", cw));
          }
          s->choices.push_back(std::move(r));
        }
      }
      break;
    }
    case StateType::kWait: {
      SFN_ASSIGN_OR_RETURN(s->seconds, CompileField(o, "Seconds", jsonata, false, where));
      SFN_ASSIGN_OR_RETURN(s->timestamp, CompileField(o, "Timestamp", jsonata, false, where));
      break;
    }
    case StateType::kFail: {
      SFN_ASSIGN_OR_RETURN(s->error, CompileField(o, "Error", jsonata, true, where));
      SFN_ASSIGN_OR_RETURN(s->cause, CompileField(o, "Cause", jsonata, true, where));
      break;
    }
    case StateType::kParallel: {
      if (const json::Value* bs = Get(o, "Branches"); bs && bs->is_array()) {
        int i = 0;
        for (const auto& b : bs->as_array()) {
          if (!b.is_object())
            return Status::InvalidArgument("branch must be an object at " + where);
          SFN_ASSIGN_OR_RETURN(auto prog,
                               BuildProgram(b.as_object(), machine_ql,
                                            where + "/Branches/" + std::to_string(i++), sm));
          s->branches.push_back(std::move(prog));
        }
      }
      break;
    }
    case StateType::kMap: {
      SFN_TRY(BuildMap(o, *s, machine_ql, where, sm));
      break;
    }
    case StateType::kSucceed:
      break;
  }
  SFN_TRY(BuildRetryCatch(o, *s, where));
  return s;
}

Result<std::unique_ptr<Program>> BuildProgram(const json::Object& o, QueryLanguage machine_ql,
                                              const std::string& where, StateMachine& sm) {
  auto p = std::make_unique<Program>();
  const json::Value* start = Get(o, "StartAt");
  const json::Value* states = Get(o, "States");
  if (!start || !start->is_string() || !states || !states->is_object())
    return Status::InvalidArgument("StartAt and States are required at " +
                                   (where.empty() ? "/" : where));
  p->start_at = std::string(Sv(start->get_string()));
  for (const auto& kv : states->as_object()) {
    std::string name(Sv(kv.key()));
    SFN_ASSIGN_OR_RETURN(auto st,
                         BuildState(name, kv.value(), machine_ql, where + "/States/" + name, sm));
    p->by_name[name] = st.get();
    p->states.push_back(std::move(st));
  }
  if (!p->Find(p->start_at))
    return Status::InvalidArgument("StartAt '" + p->start_at + "' is not a state at " + where);
  return p;
}

}  // namespace

const char* StateTypeName(StateType t) {
  switch (t) {
    case StateType::kPass:
      return "Pass";
    case StateType::kTask:
      return "Task";
    case StateType::kChoice:
      return "Choice";
    case StateType::kWait:
      return "Wait";
    case StateType::kSucceed:
      return "Succeed";
    case StateType::kFail:
      return "Fail";
    case StateType::kParallel:
      return "Parallel";
    case StateType::kMap:
      return "Map";
  }
  return "?";
}

Result<std::shared_ptr<const StateMachine>> BuildStateMachine(const json::Value& definition) {
  if (!definition.is_object()) return Status::InvalidArgument("Definition must be a JSON object");
  const auto& o = definition.as_object();
  auto sm = std::make_shared<StateMachine>();
  sm->raw = definition;
  if (const json::Value* ql = Get(o, "QueryLanguage"); ql && ql->is_string())
    sm->query_language =
        ql->get_string() == "JSONata" ? QueryLanguage::kJsonata : QueryLanguage::kJsonPath;
  if (const json::Value* c = Get(o, "Comment"); c && c->is_string())
    sm->comment = std::string(Sv(c->get_string()));
  if (const json::Value* t = Get(o, "TimeoutSeconds"); t && json::IsNumber(*t))
    sm->timeout_seconds = static_cast<long long>(json::AsDouble(*t));
  SFN_ASSIGN_OR_RETURN(auto prog, BuildProgram(o, sm->query_language, "", *sm));
  sm->program = std::move(*prog);
  return std::shared_ptr<const StateMachine>(std::move(sm));
}

}  // namespace sfn::asl
