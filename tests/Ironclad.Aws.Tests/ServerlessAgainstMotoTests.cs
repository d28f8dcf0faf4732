using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ironclad.Aws.Http;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Rules;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests;

/// <summary>
/// The live checks of the serverless rules (Lambda runtime, tracing, URL and permissions; API Gateway
/// REST and HTTP stages, methods and routes; SNS, Kinesis, Step Functions logging and tracing, DynamoDB
/// deletion protection, Secrets Manager; the IAM rules on roles and managed policies) against
/// moto_server's own answers. The resources are made through each service's API, and the
/// stub lists them as one stack: moto's CloudFormation creates neither function URLs, permissions nor
/// HTTP APIs, and applies few of the properties these checks read.
/// </summary>
public sealed class ServerlessAgainstMotoTests : IClassFixture<MotoFixture>, IAsyncLifetime, IDisposable
{
    private const string StackName = "ic-serverless";
    private const string Account = MotoServer.AccountId;
    private const string LogGroup = "arn:aws:logs:us-east-1:123456789012:log-group:ic-access";

    private static readonly string[] Rules =
    [
        "IC1006", "IC1007", "IC1008", "IC1009", "IC2003", "IC6001", "IC6002", "IC6003", "IC6004", "IC6005", "IC6101", "IC6201", "IC6301", "IC6302", "IC6401",
        "IC7001", "IC7002", "IC7003", "IC7004", "IC7005", "IC7006", "IC7007",
    ];

    private readonly MotoFixture fixture;
    private readonly MotoSetup aws;
    private readonly HttpClient http = new();
    private readonly List<(string LogicalId, string PhysicalId, string Type)> resources = [];

    public ServerlessAgainstMotoTests(MotoFixture fixture)
    {
        this.fixture = fixture;
        aws = new MotoSetup(fixture.Moto.Endpoint);
    }

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        aws.Dispose();
        http.Dispose();
    }

    [Fact]
    public async Task Every_serverless_check_reads_its_setting_from_the_service_and_every_call_is_a_documented_read()
    {
        await CreateAsync();
        fixture.Stub.ClearRequests();
        fixture.Stub.Handler = StackStub;

        var report = await VerifyRunner.RunAsync(new VerifyOptions
        {
            Stacks = [StackName],
            Regions = [MotoServer.Region],
            EndpointUrl = fixture.Stub.Endpoint,
            Retry = new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
        });

        var actual = report.Results.Where(r => Rules.Contains(r.Rule.Id)).Select(r => (r.Rule.Id, r.Resource, r.Status)).Order().ToList();
        var expected = new[]
        {
            ("IC1006", "GoodFunction", ResultStatus.Pass), ("IC1007", "GoodFunction", ResultStatus.Pass), ("IC1008", "GoodFunction", ResultStatus.Pass), ("IC1009", "GoodFunction", ResultStatus.Pass),
            ("IC1006", "OldFunction", ResultStatus.Fail), ("IC1007", "OldFunction", ResultStatus.Fail), ("IC1008", "OldFunction", ResultStatus.Fail), ("IC1009", "OldFunction", ResultStatus.Fail),
            ("IC2003", "ProtectedTable", ResultStatus.Pass), ("IC2003", "PlainTable", ResultStatus.Fail),
            ("IC6001", "GoodRestApi", ResultStatus.Pass), ("IC6002", "GoodRestApi", ResultStatus.Pass), ("IC6003", "GoodRestApi", ResultStatus.Pass),
            ("IC6001", "BareRestApi", ResultStatus.Fail), ("IC6002", "BareRestApi", ResultStatus.Fail), ("IC6003", "BareRestApi", ResultStatus.Fail),
            ("IC6004", "GoodHttpApi", ResultStatus.Pass), ("IC6004", "BareHttpApi", ResultStatus.Fail),
            ("IC6005", "GoodRestApi", ResultStatus.Pass), ("IC6005", "BareRestApi", ResultStatus.Fail),
            ("IC6005", "GoodHttpApi", ResultStatus.Pass), ("IC6005", "BareHttpApi", ResultStatus.Fail), ("IC6005", "ChatApi", ResultStatus.Pass),
            ("IC6101", "EncryptedTopic", ResultStatus.Pass), ("IC6101", "PlainTopic", ResultStatus.Fail),
            ("IC6201", "EncryptedStream", ResultStatus.Pass), ("IC6201", "PlainStream", ResultStatus.Fail),
            ("IC6301", "LoggedStateMachine", ResultStatus.Pass), ("IC6301", "SilentStateMachine", ResultStatus.Fail),
            ("IC6302", "LoggedStateMachine", ResultStatus.Pass), ("IC6302", "SilentStateMachine", ResultStatus.Fail),
            ("IC7001", "AdminRole", ResultStatus.Fail), ("IC7002", "AdminRole", ResultStatus.Fail), ("IC7003", "AdminRole", ResultStatus.Fail), ("IC7004", "AdminRole", ResultStatus.Fail),
            ("IC7005", "AdminRole", ResultStatus.Fail), ("IC7006", "AdminRole", ResultStatus.Fail), ("IC7007", "AdminRole", ResultStatus.Fail),
            ("IC7001", "ReaderRole", ResultStatus.Pass), ("IC7002", "ReaderRole", ResultStatus.Pass), ("IC7003", "ReaderRole", ResultStatus.Pass), ("IC7004", "ReaderRole", ResultStatus.Pass),
            ("IC7005", "ReaderRole", ResultStatus.Pass), ("IC7006", "ReaderRole", ResultStatus.Pass), ("IC7007", "ReaderRole", ResultStatus.Pass),
            ("IC7001", "WriterPolicy", ResultStatus.Pass), ("IC7002", "WriterPolicy", ResultStatus.Pass), ("IC7003", "WriterPolicy", ResultStatus.Pass), ("IC7004", "WriterPolicy", ResultStatus.Pass),
            ("IC7005", "WriterPolicy", ResultStatus.Pass), ("IC7006", "WriterPolicy", ResultStatus.Pass), ("IC7007", "WriterPolicy", ResultStatus.Fail),
            ("IC6401", "KeyedSecret", ResultStatus.Pass), ("IC6401", "DefaultSecret", ResultStatus.Fail),
        }.Order().ToList();
        Assert.Equal(expected, actual);

        Assert.Equal("Runtime python3.8 is deprecated since 2024-10-14 (creating functions blocked from 2026-06-01, updating blocked from 2026-07-01): move to python3.14", Message(report, "IC1006", "OldFunction"));
        Assert.Equal("TracingConfig.Mode is PassThrough, not Active", Message(report, "IC1007", "OldFunction"));
        Assert.Equal("the function URL's AuthType is NONE: anyone who has the URL can invoke the function", Message(report, "IC1008", "OldFunction"));
        Assert.Equal("s3-invoke allows s3.amazonaws.com with no SourceArn or SourceAccount: any account's s3 resource can invoke the function", Message(report, "IC1009", "OldFunction"));
        Assert.Equal("stage Dev: no access log destination", Message(report, "IC6001", "BareRestApi"));
        Assert.Equal("stage Prod: execution logging INFO", Message(report, "IC6002", "GoodRestApi"));
        Assert.Equal("stage $default: access logs to " + LogGroup, Message(report, "IC6004", "GoodHttpApi"));
        Assert.Equal("EncryptionType is NONE: records are stored unencrypted", Message(report, "IC6201", "PlainStream"));
        Assert.Equal("tracingConfiguration.enabled is false: executions are not traced", Message(report, "IC6302", "SilentStateMachine"));
        Assert.Equal("GET /: AWS_IAM", Message(report, "IC6005", "GoodRestApi"));
        Assert.Equal("GET /: AuthorizationType NONE and no API key: anyone can call this method", Message(report, "IC6005", "BareRestApi"));
        Assert.Equal("GET /items: AuthorizationType NONE and no API key: anyone can call this route", Message(report, "IC6005", "BareHttpApi"));
        Assert.Equal("$connect: AWS_IAM", Message(report, "IC6005", "ChatApi"));
        Assert.Equal("policy everything: a statement allows Action '*' on Resource '*': full administrator access", Message(report, "IC7001", "AdminRole"));
        Assert.Equal(IamScanMessage("IC7007", WriterDocument, "ic-writer"), Message(report, "IC7007", "WriterPolicy"));
        Assert.Equal(IamScanMessage("IC7001", ReaderDocument, "read"), Message(report, "IC7001", "ReaderRole"));

        var requests = fixture.Stub.Requests;
        Assert.All(requests, r => Assert.True(ReadOnlyPolicy.IsRead(r), $"{r.Method} {r.PathAndQuery} ({r.Service} {r.Operation}) is not a read"));
        var actions = requests.Select(ReadOnlyPolicy.Action).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(ReadOnlyPolicy.FromDocs().ToHashSet(StringComparer.Ordinal), actions);
        Assert.Superset(
            new HashSet<string>
            {
                "lambda:GetPolicy", "lambda:GetFunctionUrlConfig", "apigateway:GET", "sns:GetTopicAttributes", "kinesis:DescribeStreamSummary", "states:DescribeStateMachine", "secretsmanager:DescribeSecret", "dynamodb:DescribeTable",
                "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
            },
            actions);
    }

    private const string AdminDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private const string ReaderDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/ic-protected"}]}""";
    private const string WriterDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}""";

    private static string Message(Core.Scanning.ScanReport report, string rule, string resource) =>
        Assert.Single(report.Results, r => r.Rule.Id == rule && r.Resource == resource).Message;

    /// <summary>What scan says of the same document written as a role's inline policy in a template: live and scan speak alike.</summary>
    private static string IamScanMessage(string rule, string document, string policyName)
    {
        var template = Core.Templates.CfnTemplate.From(Core.Templates.TemplateDocument.Parse("t.json", """{"Resources":{"Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{},"Policies":[{"PolicyName":""" + "\"" + policyName + "\",\"PolicyDocument\":" + document + "}]}}}}"));
        var (results, _) = new Core.Scanning.Scanner(RuleCatalog.All, new Core.Scanning.ScanOptions { Only = [rule] }).Scan(template, "t.json");
        return Assert.Single(results).Message;
    }

    /// <summary>The stack as CloudFormation would list it; every other call goes to moto.</summary>
    private async Task<StubResponse> StackStub(StubRequest request, Func<Task<StubResponse>> forward)
    {
        if (request.Service != "cloudformation" || !request.Body.Contains(StackName, StringComparison.Ordinal))
        {
            return await forward();
        }

        const string Ns = "xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"";
        return request.Operation switch
        {
            "DescribeStacks" => new StubResponse(200, "text/xml", $"<DescribeStacksResponse {Ns}><DescribeStacksResult><Stacks><member><StackName>{StackName}</StackName><StackId>arn:aws:cloudformation:us-east-1:{Account}:stack/{StackName}/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks></DescribeStacksResult></DescribeStacksResponse>"),
            "ListStackResources" => new StubResponse(200, "text/xml", $"<ListStackResourcesResponse {Ns}><ListStackResourcesResult><StackResourceSummaries>"
                + string.Concat(resources.Select(r => $"<member><LogicalResourceId>{r.LogicalId}</LogicalResourceId><PhysicalResourceId>{System.Security.SecurityElement.Escape(r.PhysicalId)}</PhysicalResourceId><ResourceType>{r.Type}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>"))
                + "</StackResourceSummaries></ListStackResourcesResult></ListStackResourcesResponse>"),
            _ => new StubResponse(400, "text/xml", $"<ErrorResponse {Ns}><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id {StackName} does not exist</Message></Error></ErrorResponse>"),
        };
    }

    private async Task CreateAsync()
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","states.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""";
        await aws.Query("iam", "CreateRole", "2010-05-08", ("RoleName", "ic-serverless"), ("AssumeRolePolicyDocument", trust));
        var role = $"arn:aws:iam::{Account}:role/ic-serverless";

        await Function("GoodFunction", "ic-traced", "python3.13", "Active", role);
        await Rest("lambda", HttpMethod.Post, "/2015-03-31/functions/ic-traced/policy", """{"StatementId":"s3-invoke","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceAccount":"123456789012"}""");
        await Rest("lambda", HttpMethod.Post, "/2021-10-31/functions/ic-traced/url", """{"AuthType":"AWS_IAM"}""");
        await Function("OldFunction", "ic-old", "python3.8", "PassThrough", role);
        await Rest("lambda", HttpMethod.Post, "/2015-03-31/functions/ic-old/policy", """{"StatementId":"s3-invoke","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"}""");
        await Rest("lambda", HttpMethod.Post, "/2021-10-31/functions/ic-old/url", """{"AuthType":"NONE"}""");

        foreach (var (id, name, protect) in new[] { ("ProtectedTable", "ic-protected", true), ("PlainTable", "ic-unprotected", false) })
        {
            await aws.Dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = name,
                BillingMode = "PAY_PER_REQUEST",
                AttributeDefinitions = [new AttributeDefinition("id", "S")],
                KeySchema = [new KeySchemaElement("id", "HASH")],
                DeletionProtectionEnabled = protect,
            });
            resources.Add((id, name, "AWS::DynamoDB::Table"));
        }

        await RestApis();
        await HttpApis();

        var encrypted = await aws.Query("sns", "CreateTopic", "2010-03-31", ("Name", "ic-encrypted"), ("Attributes.entry.1.key", "KmsMasterKeyId"), ("Attributes.entry.1.value", "alias/aws/sns"));
        resources.Add(("EncryptedTopic", encrypted.Find("TopicArn")!.Value, "AWS::SNS::Topic"));
        var plain = await aws.Query("sns", "CreateTopic", "2010-03-31", ("Name", "ic-plain"));
        resources.Add(("PlainTopic", plain.Find("TopicArn")!.Value, "AWS::SNS::Topic"));

        foreach (var (id, name) in new[] { ("EncryptedStream", "ic-encrypted"), ("PlainStream", "ic-plain") })
        {
            await Json("kinesis", "Kinesis_20131202.CreateStream", "1.1", $$"""{"StreamName":"{{name}}","ShardCount":1}""");
            resources.Add((id, name, "AWS::Kinesis::Stream"));
        }

        await Json("kinesis", "Kinesis_20131202.StartStreamEncryption", "1.1", """{"StreamName":"ic-encrypted","EncryptionType":"KMS","KeyId":"alias/aws/kinesis"}""");

        const string Definition = "{\\\"StartAt\\\":\\\"A\\\",\\\"States\\\":{\\\"A\\\":{\\\"Type\\\":\\\"Pass\\\",\\\"End\\\":true}}}";
        foreach (var (id, name, logging) in new[]
        {
            ("LoggedStateMachine", "ic-logged", ""","loggingConfiguration":{"level":"ALL","includeExecutionData":true,"destinations":[{"cloudWatchLogsLogGroup":{"logGroupArn":"arn:aws:logs:us-east-1:123456789012:log-group:ic-states:*"}}]},"tracingConfiguration":{"enabled":true}"""),
            ("SilentStateMachine", "ic-silent", string.Empty),
        })
        {
            using var created = JsonDocument.Parse(await Json("states", "AWSStepFunctions.CreateStateMachine", "1.0", $"{{\"name\":\"{name}\",\"definition\":\"{Definition}\",\"roleArn\":\"{role}\"{logging}}}"));
            resources.Add((id, created.RootElement.GetProperty("stateMachineArn").GetString()!, "AWS::StepFunctions::StateMachine"));
        }

        var key = (await aws.Kms.CreateKeyAsync(new Amazon.KeyManagementService.Model.CreateKeyRequest())).KeyMetadata.Arn;
        foreach (var (id, name, kms) in new[] { ("KeyedSecret", "ic-keyed", $",\"KmsKeyId\":\"{key}\""), ("DefaultSecret", "ic-default", string.Empty) })
        {
            using var created = JsonDocument.Parse(await Json("secretsmanager", "secretsmanager.CreateSecret", "1.1", $"{{\"Name\":\"{name}\",\"SecretString\":\"not-a-real-secret\"{kms}}}"));
            resources.Add((id, created.RootElement.GetProperty("ARN").GetString()!, "AWS::SecretsManager::Secret"));
        }

        foreach (var (id, name, policy, document) in new[] { ("AdminRole", "ic-admin", "everything", AdminDocument), ("ReaderRole", "ic-reader", "read", ReaderDocument) })
        {
            await aws.Query("iam", "CreateRole", "2010-05-08", ("RoleName", name), ("AssumeRolePolicyDocument", trust));
            await aws.Query("iam", "PutRolePolicy", "2010-05-08", ("RoleName", name), ("PolicyName", policy), ("PolicyDocument", document));
            resources.Add((id, name, "AWS::IAM::Role"));
        }

        var writer = await aws.Query("iam", "CreatePolicy", "2010-05-08", ("PolicyName", "ic-writer"), ("PolicyDocument", WriterDocument));
        var writerArn = writer.Find("Arn")!.Value;
        await aws.Query("iam", "AttachRolePolicy", "2010-05-08", ("RoleName", "ic-reader"), ("PolicyArn", writerArn));
        resources.Add(("WriterPolicy", writerArn, "AWS::IAM::ManagedPolicy"));
    }

    private async Task Function(string logicalId, string name, string runtime, string tracing, string role)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("index.py").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes("def handler(event, context):\n    return 1\n"));
        }

        await Rest("lambda", HttpMethod.Post, "/2015-03-31/functions", $$$"""
            {"FunctionName":"{{{name}}}","Runtime":"{{{runtime}}}","Role":"{{{role}}}","Handler":"index.handler","Code":{"ZipFile":"{{{Convert.ToBase64String(zip.ToArray())}}}"},"TracingConfig":{"Mode":"{{{tracing}}}"}}
            """);
        resources.Add((logicalId, name, "AWS::Lambda::Function"));
    }

    private async Task RestApis()
    {
        foreach (var (id, name, stage, configure) in new[] { ("GoodRestApi", "ic-good", "Prod", true), ("BareRestApi", "ic-bare", "Dev", false) })
        {
            using var api = JsonDocument.Parse(await Rest("apigateway", HttpMethod.Post, "/restapis", $$"""{"name":"{{name}}"}"""));
            var apiId = api.RootElement.GetProperty("id").GetString()!;
            using var listed = JsonDocument.Parse(await Rest("apigateway", HttpMethod.Get, $"/restapis/{apiId}/resources", null));
            var root = listed.RootElement.GetProperty("item")[0].GetProperty("id").GetString()!;
            await Rest("apigateway", HttpMethod.Put, $"/restapis/{apiId}/resources/{root}/methods/GET", configure ? """{"authorizationType":"AWS_IAM"}""" : """{"authorizationType":"NONE"}""");
            await Rest("apigateway", HttpMethod.Put, $"/restapis/{apiId}/resources/{root}/methods/GET/integration", """{"type":"MOCK"}""");
            if (configure)
            {
                // CORS preflight carries no credentials: an open OPTIONS method does not fail the API.
                await Rest("apigateway", HttpMethod.Put, $"/restapis/{apiId}/resources/{root}/methods/OPTIONS", """{"authorizationType":"NONE"}""");
            }

            await Rest("apigateway", HttpMethod.Post, $"/restapis/{apiId}/deployments", $$"""{"stageName":"{{stage}}"}""");
            if (configure)
            {
                await Rest("apigateway", HttpMethod.Patch, $"/restapis/{apiId}/stages/{stage}", $$"""
                    {"patchOperations":[
                      {"op":"replace","path":"/accessLogSettings/destinationArn","value":"{{LogGroup}}"},
                      {"op":"replace","path":"/accessLogSettings/format","value":"$context.requestId"},
                      {"op":"replace","path":"/*/*/logging/loglevel","value":"INFO"},
                      {"op":"replace","path":"/tracingEnabled","value":"true"}]}
                    """);
            }

            resources.Add((id, apiId, "AWS::ApiGateway::RestApi"));
        }
    }

    private async Task HttpApis()
    {
        foreach (var (id, name, logs) in new[] { ("GoodHttpApi", "ic-good-http", $$""","accessLogSettings":{"destinationArn":"{{LogGroup}}","format":"$context.requestId"}"""), ("BareHttpApi", "ic-bare-http", string.Empty) })
        {
            using var api = JsonDocument.Parse(await Rest("apigateway", HttpMethod.Post, "/v2/apis", $$"""{"name":"{{name}}","protocolType":"HTTP"}"""));
            var apiId = api.RootElement.GetProperty("apiId").GetString()!;
            await Rest("apigateway", HttpMethod.Post, $"/v2/apis/{apiId}/stages", "{\"stageName\":\"$default\"" + logs + "}");
            var authorization = logs.Length > 0 ? "AWS_IAM" : "NONE";
            await Rest("apigateway", HttpMethod.Post, $"/v2/apis/{apiId}/routes", $$"""{"routeKey":"GET /items","authorizationType":"{{authorization}}"}""");
            resources.Add((id, apiId, "AWS::ApiGatewayV2::Api"));
        }

        // A WebSocket API authorizes its connection only: its other routes cannot take an authorizer.
        using var chat = JsonDocument.Parse(await Rest("apigateway", HttpMethod.Post, "/v2/apis", """{"name":"ic-chat","protocolType":"WEBSOCKET","routeSelectionExpression":"$request.body.action"}"""));
        var chatId = chat.RootElement.GetProperty("apiId").GetString()!;
        await Rest("apigateway", HttpMethod.Post, $"/v2/apis/{chatId}/routes", """{"routeKey":"$connect","authorizationType":"AWS_IAM"}""");
        await Rest("apigateway", HttpMethod.Post, $"/v2/apis/{chatId}/routes", """{"routeKey":"sendMessage","authorizationType":"NONE"}""");
        resources.Add(("ChatApi", chatId, "AWS::ApiGatewayV2::Api"));
    }

    /// <summary>A REST call straight to moto; moto routes by the credential scope's service and checks no signature.</summary>
    private Task<string> Rest(string service, HttpMethod method, string path, string? json) =>
        Send(service, method, path, json, "application/json", null);

    private Task<string> Json(string service, string target, string version, string json) =>
        Send(service, HttpMethod.Post, "/", json, "application/x-amz-json-" + version, target);

    private async Task<string> Send(string service, HttpMethod method, string path, string? body, string contentType, string? target)
    {
        using var request = new HttpRequestMessage(method, new Uri(fixture.Moto.Endpoint, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/20260101/{MotoServer.Region}/{service}/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} on moto: {(int)response.StatusCode} {text}");
        return text;
    }
}
