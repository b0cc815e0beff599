# Generates ../rules/*.json (hand-written validator cases). Run: python3 genN.py
import json, os
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'rules')
def pas(**kw):
    s = {"Type": "Pass", "End": True}; s.update(kw); return s
def sm(states, start=None, **top):
    d = dict(top); d["StartAt"] = start or next(iter(states)); d["States"] = states; return d
def E(code, loc, msg=None, sev=None):
    e = {"code": code, "location": loc}
    if msg is not None: e["message"] = msg
    if sev: e["severity"] = sev
    return e
S = "SCHEMA_VALIDATION_FAILED"
def case(name, definition, expect, type=None):
    c = {"name": name, "definition": definition, "expect": expect}
    if type: c["type"] = type
    return c
def write(fname, cases):
    with open(os.path.join(D, fname), 'w') as f:
        json.dump(cases, f, indent=1, ensure_ascii=False); f.write('\n')

# ---------- top level ----------
write('toplevel.json', [
  case("valid minimal", sm({"A": pas()}), []),
  case("not json", "{not json", [E("INVALID_JSON_DESCRIPTION", "")]),
  case("empty text", "", [E(S, "", "Definition must be a valid JSON object")]),
  case("array is not an object", "[1]", [E(S, "", "Definition must be a valid JSON object")]),
  case("missing StartAt and States", {}, [E(S, "/", "These fields are required: [States, StartAt]")]),
  case("missing States", {"StartAt": "A"}, [E(S, "/", "These fields are required: [States]")]),
  case("unknown top-level field", dict(sm({"A": pas()}), Foo=1), [E(S, "/", "Field 'Foo' is not supported")]),
  case("StartAt not a string", {"StartAt": 1, "States": {"A": pas()}},
       [E(S, "/StartAt", "Expected value of type [STRING]")]),
  case("dangling StartAt makes every state unreachable", sm({"A": pas()}, start="Nope"),
       [E("MISSING_TRANSITION_TARGET", "/StartAt", "Missing 'Next' target: Nope"),
        E("MISSING_TRANSITION_TARGET", "/States/A", "State \"A\" is not reachable.")]),
  case("top-level TimeoutSeconds must be an integer", dict(sm({"A": pas()}), TimeoutSeconds="x"),
       [E(S, "/TimeoutSeconds", "Expected value of type Integer")]),
  case("QueryLanguage outside the enum", dict(sm({"A": pas()}), QueryLanguage="jsonata"),
       [E(S, "/QueryLanguage", "Value should be one of the following: [JSONPath, JSONata]")]),
  case("QueryLanguage not a string", dict(sm({"A": pas()}), QueryLanguage=5),
       [E(S, "/QueryLanguage", "Expected value of type [STRING]")]),
  case("state is not an object", sm({"A": 5}),
       [E(S, "/States/A", "Expected value of type [OBJECT]"), E("MISSING_END_STATE", "")]),
  case("state without Type", sm({"A": {"End": True}}), [E(S, "/States/A", "These fields are required: [Type]")]),
  case("unknown state Type", sm({"A": {"Type": "Nope", "End": True}}),
       [E(S, "/States/A/Type", "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]")]),
  case("state name over 80 characters", sm({"N" * 81: pas()}),
       [E("INVALID_STATE_NAME", "/States/" + "N" * 81)]),
  case("state name of 80 characters is fine", sm({"N" * 80: pas()}), []),
  case("duplicate state name across scopes",
       sm({"P": {"Type": "Parallel", "Branches": [{"StartAt": "P", "States": {"P": pas()}}], "End": True}}),
       [E("DUPLICATE_STATE_NAME", "/States/P/Branches[0]/States/P", "Duplicate State name: P")]),
  case("duplicate state name in two branches",
       sm({"P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": pas()}},
                                                    {"StartAt": "X", "States": {"X": pas()}}], "End": True}}),
       [E("DUPLICATE_STATE_NAME", "/States/P/Branches[1]/States/X")]),
])

# ---------- transitions ----------
write('transitions.json', [
  case("missing Next target", sm({"A": {"Type": "Pass", "Next": "NOPE"}}),
       [E("MISSING_TRANSITION_TARGET", "/States/A/Next", "Missing 'Next' target: NOPE"),
        E("MISSING_END_STATE", "", "Workflow has no terminal state")]),
  case("loop with no terminal state", sm({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}),
       [E("MISSING_END_STATE", "", "Workflow has no terminal state")]),
  case("missing end suppresses unreachable", sm({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"},
                                                 "U": {"Type": "Pass", "Next": "A"}}),
       [E("MISSING_END_STATE", "")]),
  case("unreachable terminal state", sm({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}, "C": pas()}),
       [E("MISSING_TRANSITION_TARGET", "/States/C", "State \"C\" is not reachable.")]),
  case("unreachable state with slash in name", sm({"Start": pas(), "a/b": pas()}),
       [E("MISSING_TRANSITION_TARGET", "/States/a/b", "State \"a/b\" is not reachable.")]),
  case("nested loop without terminal is accepted",
       sm({"M": {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {
           "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}, "End": True}}), []),
  case("unreachable inside ItemProcessor",
       sm({"M": {"Type": "Map", "ItemProcessor": {"StartAt": "W", "States": {"W": pas(), "Ghost": pas()}}, "End": True}}),
       [E("MISSING_TRANSITION_TARGET", "/States/M/ItemProcessor/States/Ghost", "State \"Ghost\" is not reachable.")]),
  case("unreachable inside a branch",
       sm({"P": {"Type": "Parallel", "Branches": [{"StartAt": "W", "States": {"W": pas(), "Ghost": pas()}}], "End": True}}),
       [E("MISSING_TRANSITION_TARGET", "/States/P/Branches[0]/States/Ghost")]),
  case("dangling StartAt inside ItemProcessor",
       sm({"M": {"Type": "Map", "ItemProcessor": {"StartAt": "Nope", "States": {"A": pas()}}, "End": True}}),
       [E("MISSING_TRANSITION_TARGET", "/States/M/ItemProcessor/StartAt", "Missing 'Next' target: Nope"),
        E("MISSING_TRANSITION_TARGET", "/States/M/ItemProcessor/States/A")]),
  case("no transition out of a branch",
       sm({"P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Done"}}}],
                 "Next": "Done"}, "Done": {"Type": "Succeed"}}),
       [E("MISSING_TRANSITION_TARGET", "/States/P/Branches[0]/States/X/Next", "Missing 'Next' target: Done")]),
  case("no transition into a branch",
       sm({"A": {"Type": "Pass", "Next": "X"},
           "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": pas()}}], "End": True}}),
       [E("MISSING_TRANSITION_TARGET", "/States/A/Next", "Missing 'Next' target: X"),
        E("MISSING_TRANSITION_TARGET", "/States/P", "State \"P\" is not reachable.")]),
  case("Next and End together", sm({"A": {"Type": "Pass", "Next": "B", "End": True}, "B": pas()}),
       [E(S, "/States/A")]),
  case("neither Next nor End", sm({"A": {"Type": "Pass"}, "B": pas()}),
       [E(S, "/States/A"), E("MISSING_TRANSITION_TARGET", "/States/B")]),
  case("End false counts as no End", sm({"A": {"Type": "Pass", "End": False}, "B": {"Type": "Succeed"}}),
       [E(S, "/States/A"), E("MISSING_TRANSITION_TARGET", "/States/B")]),
  case("End must be a boolean", sm({"A": {"Type": "Pass", "End": "true"}, "B": {"Type": "Succeed"}}),
       [E(S, "/States/A/End", "Expected value of type [BOOLEAN]"), E(S, "/States/A"),
        E("MISSING_TRANSITION_TARGET", "/States/B")]),
  case("Next on Succeed is not supported", sm({"A": {"Type": "Succeed", "Next": "A"}}),
       [E(S, "/States/A", "Field 'Next' is not supported")]),
  case("Choice Default and rule targets", sm({"C": {"Type": "Choice", "Choices": [
           {"Variable": "$.x", "IsPresent": True, "Next": "Ghost"}], "Default": "Z"}, "Z": pas()}),
       [E("MISSING_TRANSITION_TARGET", "/States/C/Choices[0]/Next", "Missing 'Next' target: Ghost")]),
  case("Choice dangling Default", sm({"C": {"Type": "Choice", "Choices": [
           {"Variable": "$.x", "IsPresent": True, "Next": "Z"}], "Default": "Ghost"}, "Z": pas()}),
       [E("MISSING_TRANSITION_TARGET", "/States/C/Default", "Missing 'Next' target: Ghost")]),
  case("Catch dangling Next", sm({"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Ghost"}], "End": True}}),
       [E("MISSING_TRANSITION_TARGET", "/States/T/Catch[0]/Next", "Missing 'Next' target: Ghost")]),
  case("Catch target makes a state reachable", sm({"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True}, "H": {"Type": "Fail"}}), []),
])
print("ok")
