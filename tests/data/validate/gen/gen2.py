import os
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen1.py')).read().split("# ---------- top level ----------")[0])
L = "arn:aws:states:::lambda:invoke"
def task(**kw):
    s = {"Type": "Task", "Resource": L, "End": True}; s.update(kw); return s
JP = "The QueryLanguage is set to 'JSONPath', but field '%s' is only supported for the 'JSONata' QueryLanguage"
JA = "The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage"
DOWN = "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"
ENUM = "Value should be one of the following: [JSONPath, JSONata]"
def mp(inner=None, **kw):
    s = {"Type": "Map", "ItemProcessor": inner or {"StartAt": "P", "States": {"P": pas()}}, "End": True}
    s.update(kw); return s
def dmap(**kw):
    return mp({"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
               "StartAt": "P", "States": {"P": pas()}}, **kw)

write('query_language.json', [
  case("downgrade to JSONPath under a JSONata machine",
       dict(sm({"A": pas(QueryLanguage="JSONPath")}), QueryLanguage="JSONata"), [E(S, "/States/A", DOWN)]),
  case("downgrade suppresses the other-language field check",
       dict(sm({"A": pas(QueryLanguage="JSONPath", Output={"v": "{% 1 %}"})}), QueryLanguage="JSONata"),
       [E(S, "/States/A", DOWN)]),
  case("upgrade to JSONata per state is fine", sm({"A": pas(QueryLanguage="JSONata", Output="{% $states.input %}")}), []),
  case("JSONPath fields on a JSONata state, in fixed order",
       dict(sm({"X": pas(ResultPath="$.c", InputPath="$.a", OutputPath="$.b")}), QueryLanguage="JSONata"),
       [E(S, "/States/X", JA % "InputPath"), E(S, "/States/X", JA % "OutputPath"), E(S, "/States/X", JA % "ResultPath")]),
  case("Output and Arguments on a JSONPath Task",
       sm({"T": task(Output={"v": 1}, Arguments={"p": "l"})}),
       [E(S, "/States/T", JP % "Output"), E(S, "/States/T", JP % "Arguments")]),
  case("Items on a JSONPath Map", sm({"M": mp(Items=[1])}), [E(S, "/States/M", JP % "Items")]),
  case("Parameters on a JSONata Pass", dict(sm({"A": pas(Parameters={"a": 1})}), QueryLanguage="JSONata"),
       [E(S, "/States/A", JA % "Parameters")]),
  case("Result on a JSONata Pass", dict(sm({"A": pas(Result={"a": 1})}), QueryLanguage="JSONata"),
       [E(S, "/States/A", JA % "Result")]),
  case("Assign is fine in JSONPath", sm({"A": pas(Assign={"counter": 1})}), []),
  case("lower-case jsonata on a state resolves to JSONata",
       sm({"X": pas(QueryLanguage="jsonata", Output={"v": "{% 1 %}"}, InputPath="$.a")}),
       [E(S, "/States/X", JA % "InputPath"), E(S, "/States/X/QueryLanguage", ENUM)]),
  case("lower-case jsonpath under JSONata machine is not a downgrade",
       dict(sm({"X": pas(QueryLanguage="jsonpath")}), QueryLanguage="JSONata"),
       [E(S, "/States/X/QueryLanguage", ENUM)]),
  case("lower-case top-level resolves to JSONata",
       dict(sm({"X": pas(InputPath="$.a")}), QueryLanguage="jsonpath"),
       [E(S, "/QueryLanguage", ENUM), E(S, "/States/X", JA % "InputPath")]),
  case("numeric QueryLanguage on a state",
       sm({"X": pas(QueryLanguage=5, InputPath="$.a")}),
       [E(S, "/States/X", JA % "InputPath"), E(S, "/States/X/QueryLanguage", "Expected value of type [STRING]")]),
  case("Map's language does not reach its ItemProcessor",
       dict(sm({"M": mp({"StartAt": "P", "States": {"P": pas(Output={"d": "{% 1 %}"})}}, QueryLanguage="JSONata",
                        Items="{% [1] %}")}), QueryLanguage="JSONPath"),
       [E(S, "/States/M/ItemProcessor/States/P", JP % "Output")]),
  case("JSONata machine: bare ItemProcessor Pass inherits JSONata",
       dict(sm({"M": mp({"StartAt": "P", "States": {"P": pas(Output={"d": "{% 1 %}"})}})}), QueryLanguage="JSONata"), []),
  case("ItemProcessor cannot declare QueryLanguage",
       sm({"M": mp({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": pas()}})}),
       [E(S, "/States/M/ItemProcessor", "Field 'QueryLanguage' is not supported")]),
  case("Iterator cannot declare QueryLanguage",
       sm({"M": {"Type": "Map", "Iterator": {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": pas()}}, "End": True}}),
       [E(S, "/States/M/Iterator", "Field 'QueryLanguage' is not supported")]),
  case("branch cannot declare QueryLanguage",
       sm({"P": {"Type": "Parallel", "Branches": [{"QueryLanguage": "JSONata", "StartAt": "X", "States": {"X": pas()}}], "End": True}}),
       [E(S, "/States/P/Branches[0]", "Field 'QueryLanguage' is not supported")]),
  case("JSONata Wait with expression Seconds",
       dict(sm({"W": {"Type": "Wait", "Seconds": "{% 1 %}", "End": True}}), QueryLanguage="JSONata"), []),
  case("JSONPath Wait with expression Seconds is a type error",
       sm({"W": {"Type": "Wait", "Seconds": "{% 1 %}", "End": True}}),
       [E(S, "/States/W/Seconds", "Expected value of type Integer")]),
  case("empty JSONata expression",
       dict(sm({"Main": pas(Output="{%  %}")}), QueryLanguage="JSONata"),
       [E("INVALID_JSONATA_EXPRESSION", "/States/Main/Output", "Unexpected end of expression")]),
])

write('fields.json', [
  case("TimeoutSeconds on Pass", sm({"X": pas(TimeoutSeconds=5)}), [E(S, "/States/X", "Field 'TimeoutSeconds' is not supported")]),
  case("TimeoutSeconds on Parallel", sm({"P": {"Type": "Parallel", "TimeoutSeconds": 5,
        "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": True}}}], "End": True}}),
       [E(S, "/States/P", "Field 'TimeoutSeconds' is not supported")]),
  case("TimeoutSeconds on Map", sm({"M": mp(TimeoutSeconds=5)}), [E(S, "/States/M", "Field 'TimeoutSeconds' is not supported")]),
  case("Catch on Pass (JSONata too)", dict(sm({"X": pas(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "X"}])}), QueryLanguage="JSONata"),
       [E(S, "/States/X", "Field 'Catch' is not supported")]),
  case("Retry on Wait", sm({"X": {"Type": "Wait", "Seconds": 1, "End": True, "Retry": [{"ErrorEquals": ["States.ALL"]}]}}),
       [E(S, "/States/X", "Field 'Retry' is not supported")]),
  case("unknown fields in document order", sm({"X": pas(Retry=[], TimeoutSeconds=5, Catch=[])}),
       [E(S, "/States/X", "Field 'Retry' is not supported"), E(S, "/States/X", "Field 'TimeoutSeconds' is not supported"),
        E(S, "/States/X", "Field 'Catch' is not supported")]),
  case("Assign on Succeed", sm({"X": {"Type": "Succeed", "Assign": {"a": 1}}}), [E(S, "/States/X", "Field 'Assign' is not supported")]),
  case("InputPath on Fail", sm({"X": {"Type": "Fail", "InputPath": "$"}}), [E(S, "/States/X", "Field 'InputPath' is not supported")]),
  case("Arguments on Map", dict(sm({"M": mp(Arguments={})}), QueryLanguage="JSONata"), [E(S, "/States/M", "Field 'Arguments' is not supported")]),
  case("Comment must be a string", sm({"X": pas(Comment=1)}), [E(S, "/States/X/Comment", "Expected value of type [STRING]")]),
  case("bad InputPath", sm({"X": pas(InputPath="a.b")}), [E(S, "/States/X/InputPath", "Value must be a valid JSONPath.")]),
  case("null InputPath/OutputPath/ResultPath allowed", sm({"X": pas(InputPath=None, OutputPath=None, ResultPath=None)}), []),
  case("ResultPath cannot use the context object", sm({"X": pas(ResultPath="$$.Execution")}),
       [E(S, "/States/X/ResultPath", "Value is not a Reference Path")]),
  case("ResultPath cannot target a variable", sm({"X": pas(ResultPath="$var")}),
       [E(S, "/States/X/ResultPath")]),
  case("ResultPath must be a single node", sm({"X": pas(ResultPath="$.a[*]")}), [E(S, "/States/X/ResultPath")]),
  case("variable path in OutputPath is fine", sm({"X": pas(OutputPath="$v.a")}), []),
  case("Assign variable names", sm({"X": pas(Assign={"x.y": 1, "ok_1": 2, "states": 3, "9a": 4, "v.$": "$.a"})}),
       [E("INVALID_VARIABLE_NAME", "/States/X/Assign", "Invalid variable name 'x.y': the variable name contains invalid characters."),
        E("RESERVED_VARIABLE_NAME", "/States/X/Assign", "Cannot assign to reserved variable '$states'."),
        E("INVALID_VARIABLE_NAME", "/States/X/Assign", "Invalid variable name '9a': the variable name contains invalid characters.")]),
  case("Assign name longer than 80", sm({"X": pas(Assign={"a" * 81: 1})}), [E("INVALID_VARIABLE_NAME", "/States/X/Assign")]),
  case("Assign with bad dynamic value", sm({"X": pas(Assign={"v.$": "nope"})}),
       [E(S, "/States/X/Assign", "The value for the field 'v.$' must be a valid JSONPath or a valid intrinsic function call")]),
])
print('ok')
