using Ironclad.Aws.Http;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests;

/// <summary>
/// The signed HTTP clients against a stub that answers with the response shapes of AWS's API
/// references: pagination, the fields moto does not keep, and error answers.
/// </summary>
public sealed class HttpClientsTests : IDisposable
{
    private readonly AwsStub stub = new(new Uri("http://127.0.0.1:9/"));
    private readonly HttpClient http = new();
    private readonly AwsHttpTransport transport;

    public HttpClientsTests()
    {
        transport = new AwsHttpTransport(http, _ => Task.FromResult(new SigningCredentials("AKIDEXAMPLE", "secret", "session-token")), new BackoffPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)));
    }

    public void Dispose()
    {
        stub.Dispose();
        http.Dispose();
    }

    [Fact]
    public async Task ListStackResources_follows_NextToken_to_the_last_page()
    {
        stub.Handler = (request, _) => Task.FromResult(Xml(request.Body.Contains("NextToken=page2", StringComparison.Ordinal)
            ? StackPage(("Table", "orders", "AWS::DynamoDB::Table"), null)
            : StackPage(("Fn", "app-fn", "AWS::Lambda::Function"), "page2")));
        var client = new CloudFormationHttpClient(transport, Endpoint("cloudformation"));

        var resources = await client.ListStackResourcesAsync("app", CancellationToken.None);

        Assert.Equal([new StackResource("Fn", "app-fn", "AWS::Lambda::Function", "CREATE_COMPLETE"), new StackResource("Table", "orders", "AWS::DynamoDB::Table", "CREATE_COMPLETE")], resources);
        Assert.Equal(["Action=ListStackResources&Version=2010-05-15&StackName=app", "Action=ListStackResources&Version=2010-05-15&StackName=app&NextToken=page2"], stub.Requests.Select(r => r.Body));
        Assert.All(stub.Requests, r => Assert.Equal("cloudformation", r.Service));
    }

    [Fact]
    public async Task A_missing_stack_is_not_found()
    {
        stub.Handler = (_, _) => Task.FromResult(new StubResponse(400, "text/xml", "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id app does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>"));
        var client = new CloudFormationHttpClient(transport, Endpoint("cloudformation"));

        var error = await Assert.ThrowsAsync<AwsCallException>(() => client.ListStackResourcesAsync("app", CancellationToken.None));

        Assert.Equal((AwsErrorKind.NotFound, "StackNotFound"), (error.Kind, error.Code));
    }

    [Fact]
    public async Task GetFunctionConfiguration_reads_the_dead_letter_target_key_vpc_and_environment()
    {
        stub.Handler = (request, _) => Task.FromResult(AwsStub.Json("""
            {
              "FunctionName": "app-fn",
              "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:app-fn",
              "Runtime": "python3.12",
              "Role": "arn:aws:iam::111122223333:role/app",
              "Handler": "index.handler",
              "VpcConfig": { "SubnetIds": ["subnet-a", "subnet-b"], "SecurityGroupIds": ["sg-1"], "VpcId": "vpc-1", "Ipv6AllowedForDualStack": false },
              "DeadLetterConfig": { "TargetArn": "arn:aws:sqs:us-east-1:111122223333:dlq" },
              "Environment": { "Variables": { "TABLE": "orders", "STAGE": "dev" } },
              "KMSKeyArn": "arn:aws:kms:us-east-1:111122223333:key/k1",
              "TracingConfig": { "Mode": "Active" },
              "State": "Active"
            }
            """));
        var client = new LambdaHttpClient(transport, Endpoint("lambda"));

        var function = await client.GetFunctionConfigurationAsync("app-fn", CancellationToken.None);

        Assert.Equal("arn:aws:sqs:us-east-1:111122223333:dlq", function.DeadLetterTargetArn);
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/k1", function.KmsKeyArn);
        Assert.Equal(["subnet-a", "subnet-b"], function.SubnetIds);
        Assert.Equal(["sg-1"], function.SecurityGroupIds);
        Assert.Equal("arn:aws:iam::111122223333:role/app", function.Role);
        Assert.Equal(["STAGE", "TABLE"], function.Environment.Keys.Order());
        var request = Assert.Single(stub.Requests);
        Assert.Equal(("GET", "/2015-03-31/functions/app-fn/configuration", "lambda"), (request.Method, request.PathAndQuery, request.Service));
        Assert.Equal("session-token", request.Headers["X-Amz-Security-Token"]);
        Assert.DoesNotContain("STAGE", function.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_without_dead_letter_key_or_vpc_reads_as_absent()
    {
        stub.Handler = (_, _) => Task.FromResult(AwsStub.Json("""{"FunctionName":"f","VpcConfig":{"SubnetIds":[],"SecurityGroupIds":[],"VpcId":""},"KMSKeyArn":null}"""));
        var function = await new LambdaHttpClient(transport, Endpoint("lambda")).GetFunctionConfigurationAsync("f", CancellationToken.None);

        Assert.Equal((null, null, 0, 0, 0), (function.DeadLetterTargetArn, function.KmsKeyArn, function.SubnetIds.Count, function.SecurityGroupIds.Count, function.Environment.Count));
    }

    [Fact]
    public async Task Concurrency_invoke_config_and_account_settings_read_their_documented_shapes()
    {
        stub.Handler = (request, _) => Task.FromResult(request.PathAndQuery switch
        {
            "/2019-09-30/functions/reserved/concurrency" => AwsStub.Json("""{"ReservedConcurrentExecutions": 10}"""),
            "/2019-09-30/functions/open/concurrency" => AwsStub.Json("{}"),
            "/2019-09-25/functions/reserved/event-invoke-config" => AwsStub.Json("""{"FunctionArn":"arn:aws:lambda:us-east-1:111122223333:function:reserved:$LATEST","MaximumRetryAttempts":2,"DestinationConfig":{"OnSuccess":{},"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:111122223333:failures"}}}"""),
            "/2019-09-25/functions/open/event-invoke-config" => AwsStub.Json("""{"Type":"User","Message":"The function arn:aws:lambda:us-east-1:111122223333:function:open doesn't have an EventInvokeConfig"}""", 404, "ResourceNotFoundException"),
            "/2016-08-19/account-settings/" => AwsStub.Json("""{"AccountLimit":{"TotalCodeSize":80530636800,"CodeSizeUnzipped":262144000,"CodeSizeZipped":52428800,"ConcurrentExecutions":10,"UnreservedConcurrentExecutions":10},"AccountUsage":{"TotalCodeSize":0,"FunctionCount":0}}"""),
            _ => AwsStub.Json("{}", 500),
        });
        var client = new LambdaHttpClient(transport, Endpoint("lambda"));

        Assert.Equal(10, await client.GetFunctionConcurrencyAsync("reserved", CancellationToken.None));
        Assert.Null(await client.GetFunctionConcurrencyAsync("open", CancellationToken.None));
        Assert.Equal("arn:aws:sqs:us-east-1:111122223333:failures", await client.GetOnFailureDestinationAsync("reserved", CancellationToken.None));
        Assert.Null(await client.GetOnFailureDestinationAsync("open", CancellationToken.None));
        Assert.Equal(new LambdaAccountSettings(10, 10), await client.GetAccountSettingsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(404, "ResourceNotFoundException", AwsErrorKind.NotFound)]
    [InlineData(403, "AccessDeniedException", AwsErrorKind.AccessDenied)]
    [InlineData(400, "InvalidParameterValueException", AwsErrorKind.Failed)]
    [InlineData(429, "TooManyRequestsException", AwsErrorKind.Unavailable)]
    [InlineData(503, "ServiceException", AwsErrorKind.Unavailable)]
    public async Task Error_answers_are_classified_by_their_code(int status, string code, AwsErrorKind kind)
    {
        stub.Handler = (_, _) => Task.FromResult(AwsStub.Json("""{"Type":"User","Message":"no"}""", status, code));

        var error = await Assert.ThrowsAsync<AwsCallException>(() => new LambdaHttpClient(transport, Endpoint("lambda")).GetFunctionConfigurationAsync("f", CancellationToken.None));

        Assert.Equal((kind, code, "GetFunctionConfiguration"), (error.Kind, error.Code, error.Operation));
        Assert.Equal(kind == AwsErrorKind.Unavailable ? 2 : 1, stub.Requests.Count);
    }

    [Fact]
    public async Task DescribeAlarms_follows_NextToken_and_reads_dimensions()
    {
        stub.Handler = (request, _) => Task.FromResult(Xml(request.Body.Contains("NextToken=t2", StringComparison.Ordinal)
            ? Alarms("dlq", "ApproximateNumberOfMessagesVisible", null)
            : Alarms("errors", "Errors", "t2")));
        var client = new CloudWatchHttpClient(transport, Endpoint("monitoring"));

        var alarms = await client.DescribeAlarmsAsync(CancellationToken.None);

        Assert.Equal(["errors", "dlq"], alarms.Select(a => a.Name));
        var dlq = alarms[1];
        Assert.Equal(("AWS/SQS", "ApproximateNumberOfMessagesVisible", 1.0, "GreaterThanOrEqualToThreshold", true), (dlq.Namespace, dlq.MetricName, dlq.Threshold, dlq.ComparisonOperator, dlq.ActionsEnabled));
        Assert.Equal("dlq-queue", dlq.Dimensions["QueueName"]);
        Assert.All(stub.Requests, r => Assert.Equal("monitoring", r.Service));
    }

    [Fact]
    public async Task Role_policies_are_the_inline_ones_across_pages_and_the_default_versions_of_the_attached_ones()
    {
        const string Ns = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";
        stub.Handler = (request, _) => Task.FromResult(Xml(request.Operation switch
        {
            "ListRolePolicies" when request.Body.Contains("Marker=m2", StringComparison.Ordinal) =>
                $"<ListRolePoliciesResponse {Ns}><ListRolePoliciesResult><PolicyNames><member>second</member></PolicyNames><IsTruncated>false</IsTruncated></ListRolePoliciesResult></ListRolePoliciesResponse>",
            "ListRolePolicies" =>
                $"<ListRolePoliciesResponse {Ns}><ListRolePoliciesResult><PolicyNames><member>first</member></PolicyNames><IsTruncated>true</IsTruncated><Marker>m2</Marker></ListRolePoliciesResult></ListRolePoliciesResponse>",
            "GetRolePolicy" =>
                $"<GetRolePolicyResponse {Ns}><GetRolePolicyResult><RoleName>app</RoleName><PolicyName>x</PolicyName><PolicyDocument>{Uri.EscapeDataString("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}")}</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>",
            "ListAttachedRolePolicies" =>
                $"<ListAttachedRolePoliciesResponse {Ns}><ListAttachedRolePoliciesResult><AttachedPolicies><member><PolicyName>Decrypt</PolicyName><PolicyArn>arn:aws:iam::111122223333:policy/Decrypt</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated></ListAttachedRolePoliciesResult></ListAttachedRolePoliciesResponse>",
            "GetPolicy" =>
                $"<GetPolicyResponse {Ns}><GetPolicyResult><Policy><PolicyName>Decrypt</PolicyName><DefaultVersionId>v3</DefaultVersionId></Policy></GetPolicyResult></GetPolicyResponse>",
            "GetPolicyVersion" when request.Body.Contains("VersionId=v3", StringComparison.Ordinal) =>
                $"<GetPolicyVersionResponse {Ns}><GetPolicyVersionResult><PolicyVersion><Document>{Uri.EscapeDataString("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}}")}</Document><VersionId>v3</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion></GetPolicyVersionResult></GetPolicyVersionResponse>",
            _ => "<unexpected/>",
        }));
        var client = new IamHttpClient(transport, Endpoint("iam"));

        var documents = (await client.GetRolePolicyDocumentsAsync("app", CancellationToken.None)).Select(PolicyDocument.Parse).ToList();

        Assert.Equal(3, documents.Count);
        Assert.True(PolicyDocument.Allows(documents, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k1"));
        Assert.True(PolicyDocument.Allows(documents, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q"));
        Assert.False(PolicyDocument.Allows(documents, "s3:GetObject", "arn:aws:s3:::b/k"));
        Assert.All(stub.Requests, r => Assert.Equal("iam", r.Service));
    }

    [Fact]
    public async Task Http_api_stages_follow_nextToken_and_rest_stages_read_the_all_methods_log_level()
    {
        stub.Handler = (request, _) => Task.FromResult(AwsStub.Json(request.PathAndQuery switch
        {
            "/v2/apis/a1/stages" => """{"items":[{"stageName":"$default","accessLogSettings":{"destinationArn":"arn:aws:logs:us-east-1:111122223333:log-group:http","format":"$context.requestId"}}],"nextToken":"p2"}""",
            "/v2/apis/a1/stages?nextToken=p2" => """{"items":[{"stageName":"beta","defaultRouteSettings":{"detailedMetricsEnabled":false}}]}""",
            _ => """{"item":[{"stageName":"Prod","tracingEnabled":true,"methodSettings":{"*/*":{"loggingLevel":"ERROR","dataTraceEnabled":false}}},{"stageName":"Dev","methodSettings":{"*/*":{"loggingLevel":"OFF"}}}]}""",
        }));
        var client = new ApiGatewayHttpClient(transport, Endpoint("apigateway"));

        var http = await client.GetApiStagesAsync("a1", CancellationToken.None);
        var rest = await client.GetRestApiStagesAsync("r1", CancellationToken.None);

        Assert.Equal([new ApiStage("$default", "arn:aws:logs:us-east-1:111122223333:log-group:http", false, null), new ApiStage("beta", null, false, null)], http);
        Assert.Equal([new ApiStage("Prod", null, true, "ERROR"), new ApiStage("Dev", null, false, null)], rest);
        Assert.Equal(["/v2/apis/a1/stages", "/v2/apis/a1/stages?nextToken=p2", "/restapis/r1/stages"], stub.Requests.Select(r => r.PathAndQuery));
        Assert.All(stub.Requests, r => Assert.Equal(("GET", "apigateway"), (r.Method, r.Service)));
    }

    [Fact]
    public async Task Rest_resources_follow_position_with_their_methods_and_routes_follow_nextToken()
    {
        stub.Handler = (request, _) => Task.FromResult(AwsStub.Json(request.PathAndQuery switch
        {
            "/restapis/r1/resources?embed=methods&limit=500" => """{"item":[{"id":"root","path":"/","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE","apiKeyRequired":true}}}],"position":"p2"}""",
            "/restapis/r1/resources?embed=methods&limit=500&position=p2" => """{"item":[{"id":"pets","path":"/pets","resourceMethods":{"POST":{"httpMethod":"POST","authorizationType":"COGNITO_USER_POOLS"}}},{"id":"empty","path":"/empty"}]}""",
            "/v2/apis/a1" => """{"apiId":"a1","protocolType":"WEBSOCKET"}""",
            "/v2/apis/a1/routes" => """{"items":[{"routeKey":"$connect","authorizationType":"CUSTOM"}],"nextToken":"n2"}""",
            _ => """{"items":[{"routeKey":"$default"}]}""",
        }));
        var client = new ApiGatewayHttpClient(transport, Endpoint("apigateway"));

        var methods = await client.GetRestApiMethodsAsync("r1", CancellationToken.None);
        var protocol = await client.GetApiProtocolTypeAsync("a1", CancellationToken.None);
        var routes = await client.GetApiRoutesAsync("a1", CancellationToken.None);

        Assert.Equal([new ApiMethod("GET /", "NONE", true), new ApiMethod("POST /pets", "COGNITO_USER_POOLS", false)], methods);
        Assert.Equal("WEBSOCKET", protocol);
        Assert.Equal([new ApiMethod("$connect", "CUSTOM", false), new ApiMethod("$default", "NONE", false)], routes);
        Assert.Equal(
            ["/restapis/r1/resources?embed=methods&limit=500", "/restapis/r1/resources?embed=methods&limit=500&position=p2", "/v2/apis/a1", "/v2/apis/a1/routes", "/v2/apis/a1/routes?nextToken=n2"],
            stub.Requests.Select(r => r.PathAndQuery));
        Assert.All(stub.Requests, r => Assert.Equal(("GET", "apigateway"), (r.Method, r.Service)));
    }

    [Fact]
    public async Task A_function_without_a_policy_or_a_url_reads_as_absent()
    {
        stub.Handler = (_, _) => Task.FromResult(AwsStub.Json("""{"Type":"User","Message":"The resource you requested does not exist."}""", 404, "ResourceNotFoundException"));
        var client = new LambdaHttpClient(transport, Endpoint("lambda"));

        Assert.Null(await client.GetPolicyAsync("app-fn", CancellationToken.None));
        Assert.Null(await client.GetFunctionUrlAuthTypeAsync("app-fn", CancellationToken.None));
        Assert.Equal(["/2015-03-31/functions/app-fn/policy", "/2021-10-31/functions/app-fn/url"], stub.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Topic_attributes_are_read_from_their_entries()
    {
        stub.Handler = (_, _) => Task.FromResult(Xml(
            "<GetTopicAttributesResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><GetTopicAttributesResult><Attributes>"
            + "<entry><key>TopicArn</key><value>arn:aws:sns:us-east-1:111122223333:orders</value></entry>"
            + "<entry><key>KmsMasterKeyId</key><value>alias/orders</value></entry>"
            + "</Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>"));
        var client = new SnsHttpClient(transport, Endpoint("sns"));

        var attributes = await client.GetTopicAttributesAsync("arn:aws:sns:us-east-1:111122223333:orders", CancellationToken.None);

        Assert.Equal(("alias/orders", 2), (attributes["KmsMasterKeyId"], attributes.Count));
        Assert.Equal("Action=GetTopicAttributes&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A111122223333%3Aorders", Assert.Single(stub.Requests).Body);
    }

    private static StubResponse Xml(string body) => new(200, "text/xml", body);

    private static string StackPage((string Logical, string Physical, string Type) resource, string? next) =>
        "<ListStackResourcesResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><ListStackResourcesResult><StackResourceSummaries><member>"
        + $"<LogicalResourceId>{resource.Logical}</LogicalResourceId><PhysicalResourceId>{resource.Physical}</PhysicalResourceId><ResourceType>{resource.Type}</ResourceType>"
        + "<ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-11-27T10:00:00Z</LastUpdatedTimestamp></member></StackResourceSummaries>"
        + (next is null ? string.Empty : $"<NextToken>{next}</NextToken>")
        + "</ListStackResourcesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListStackResourcesResponse>";

    private static string Alarms(string name, string metric, string? next) =>
        "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult><MetricAlarms><member>"
        + $"<AlarmName>{name}</AlarmName><ActionsEnabled>true</ActionsEnabled><MetricName>{metric}</MetricName><Namespace>AWS/SQS</Namespace>"
        + "<Dimensions><member><Name>QueueName</Name><Value>dlq-queue</Value></member></Dimensions><Threshold>1.0</Threshold><ComparisonOperator>GreaterThanOrEqualToThreshold</ComparisonOperator>"
        + "</member></MetricAlarms>" + (next is null ? string.Empty : $"<NextToken>{next}</NextToken>")
        + "</DescribeAlarmsResult></DescribeAlarmsResponse>";

    private ServiceEndpoint Endpoint(string service) => new(stub.Endpoint, "us-east-1", service);
}
