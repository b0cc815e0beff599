import os
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen2.py')).read().split("write('query_language.json'")[0])
write('integrations.json', [
  case("Credentials need RoleArn", sm({"T": task(Credentials={"Role": "x"})}),
       [E(S, "/States/T/Credentials", "The field 'RoleArn' is required but was missing")]),
  case("Credentials RoleArn.$ in JSONPath", sm({"T": task(Credentials={"RoleArn.$": "$.r"})}), []),
  case("JSONata Credentials RoleArn expression", dict(sm({"T": task(Credentials={"RoleArn": "{% $states.input.r %}"})}), QueryLanguage="JSONata"), []),
  case("lambda has no .sync", sm({"T": task(Resource="arn:aws:states:::lambda:invoke.sync")}),
       [E(S, "/States/T/Resource", "The resource provided arn:aws:states:::lambda:invoke.sync is not recognized")]),
  case("glue has no .waitForTaskToken", sm({"T": task(Resource="arn:aws:states:::glue:startJobRun.waitForTaskToken")}),
       [E(S, "/States/T/Resource", "The resource provided arn:aws:states:::glue:startJobRun.waitForTaskToken is not recognized")]),
  case(".sync:2 only for startExecution", sm({"T": task(Resource="arn:aws:states:::ecs:runTask.sync:2")}),
       [E(S, "/States/T/Resource")]),
  case("startExecution.sync:2 fine", sm({"T": task(Resource="arn:aws:states:::states:startExecution.sync:2")}), []),
  case("lambda waitForTaskToken fine", sm({"T": task(Resource="arn:aws:states:::lambda:invoke.waitForTaskToken")}), []),
  case("aws-sdk integration fine", sm({"T": task(Resource="arn:aws:states:::aws-sdk:s3:listBuckets")}), []),
  case("lambda function ARN fine", sm({"T": task(Resource="arn:aws:lambda:us-east-1:111111111111:function:f")}), []),
  case("activity ARN fine in STANDARD", sm({"T": task(Resource="arn:aws:states:us-east-1:111111111111:activity:a")}), []),
])
write('misc.json', [
  case("Version must be 1.0", dict(sm({"A": pas()}), Version="2.0"), [E(S, "/Version", "Value should be one of the following: [1.0]")]),
  case("Version 1.0 fine", dict(sm({"A": pas()}), Version="1.0"), []),
  case("top-level TimeoutSeconds 0 accepted", dict(sm({"A": pas()}), TimeoutSeconds=0), []),
  case("Retry IntervalSeconds 0 accepted", sm({"T": task(Retry=[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 0}])}), []),
  case("unterminated JSONata string", dict(sm({"A": pas(Output={"a": "{% $states.input"})}), QueryLanguage="JSONata"),
       [E(S, "/States/A/Output/a", "JSONata string must start with {% and end with %}")]),
  case("JSONata-looking string in JSONPath Parameters is a literal", sm({"A": pas(Parameters={"a": "{% 1"})}), []),
  case("Next and End message", sm({"A": {"Type": "Pass", "Next": "B", "End": True}, "B": pas()}),
       [E(S, "/States/A", "There should only be one of the following fields: [Next, End]")]),
  case("neither Next nor End message", sm({"A": {"Type": "Task", "Resource": L}, "B": pas()}),
       [E(S, "/States/A", "This object should have only one of the following fields: [Next, End]"), E("MISSING_TRANSITION_TARGET", "/States/B")]),
  case("Wait without a mode", sm({"W": {"Type": "Wait", "End": True}}),
       [E(S, "/States/W", "This object should have only one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]")]),
  case("Wait Seconds above max", sm({"W": {"Type": "Wait", "Seconds": 100000000, "End": True}}), [E(S, "/States/W/Seconds", "Maximum value is 99999999")]),
  case("ExecutionType on an INLINE processor", sm({"M": mp({"ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": pas()}})}),
       [E(S, "/States/M/ItemProcessor/ProcessorConfig", "Field 'ExecutionType' is not supported")]),
  case("DISTRIBUTED needs ExecutionType", sm({"M": mp({"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": pas()}})}),
       [E(S, "/States/M/ItemProcessor/ProcessorConfig", "These fields are required: [ExecutionType]")]),
  case("CSV needs CSVHeaderLocation", sm({"M": dmap(ItemReader={"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV"}, "Parameters": {"Bucket": "b", "Key": "k"}})}),
       [E(S, "/States/M/ItemReader/ReaderConfig", "The field 'CSVHeaderLocation' is required")]),
  case("JSON with CSVHeaderLocation", sm({"M": dmap(ItemReader={"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON", "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "b", "Key": "k"}})}),
       [E(S, "/States/M/ItemReader/ReaderConfig", "Field 'CSVHeaderLocation' is not supported")]),
  case("Choice two comparators", sm({"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": True, "IsPresent": True, "Next": "Z"}]}, "Z": pas()}),
       [E(S, "/States/C/Choices[0]")]),
  case("TOO_DEEPLY_NESTED guard", "{\"StartAt\":\"M0\",\"States\":{" + "".join(
        "\"M%d\":{\"Type\":\"Map\",\"End\":true,\"ItemProcessor\":{\"StartAt\":\"M%d\",\"States\":{" % (i, i + 1) for i in range(45))
        + "\"M45\":{\"Type\":\"Pass\",\"End\":true}" + "}}}" * 45 + "}}",
       # The validator's own nesting limit (40 levels) reports where it stopped.
       [E("TOO_DEEPLY_NESTED", "/States/" + "/ItemProcessor/States/".join("M%d" % i for i in range(40))
          + "/ItemProcessor", "The states are too deeply nested")]),
])
print('ok')
