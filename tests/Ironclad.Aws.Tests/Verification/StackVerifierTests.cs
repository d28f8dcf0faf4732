using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests.Verification;

/// <summary>The branches of the checks that the moto scenario does not reach, against an account in memory.</summary>
public sealed class StackVerifierTests
{
    private const string Role = "arn:aws:iam::111122223333:role/app";
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/k1";
    private const string DlqArn = "arn:aws:sqs:us-east-1:111122223333:dlq";
    private readonly FakeAws aws = new();

    [Fact]
    public async Task A_function_without_nat_passes_when_endpoints_cover_every_service_its_role_calls()
    {
        PrivateFunction(["""{"Effect":"Allow","Action":["dynamodb:GetItem","sqs:SendMessage"],"Resource":"*"}"""]);
        aws.Endpoints.Add(Endpoint("dynamodb", "Gateway", routeTables: ["rtb-private"]));
        aws.Endpoints.Add(Endpoint("sqs", "Interface", privateDns: true));

        var result = Single(await Verify(), "IC9011", "Fn");

        Assert.Equal((ResultStatus.Pass, "no NAT route from subnet-a, but endpoints cover every service the role calls (dynamodb, sqs)"), (result.Status, result.Message));
    }

    [Fact]
    public async Task A_gateway_endpoint_on_another_route_table_or_an_interface_endpoint_without_private_dns_does_not_count()
    {
        PrivateFunction(["""{"Effect":"Allow","Action":["dynamodb:GetItem","sqs:SendMessage"],"Resource":"*"}"""]);
        aws.Endpoints.Add(Endpoint("dynamodb", "Gateway", routeTables: ["rtb-other"]));
        aws.Endpoints.Add(Endpoint("sqs", "Interface", privateDns: false));

        var result = Single(await Verify(), "IC9011", "Fn");

        Assert.Equal((ResultStatus.Fail, "calls to AWS will time out: subnet-a has no NAT route and no endpoint for dynamodb, sqs"), (result.Status, result.Message));
    }

    [Fact]
    public async Task Grants_that_only_serve_lambda_itself_need_no_route()
    {
        PrivateFunction([
            $$"""{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"{{DlqArn}}"}""",
            $$"""{"Effect":"Allow","Action":"kms:Decrypt","Resource":"{{KeyArn}}"}""",
            """{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","xray:PutTraceSegments"],"Resource":"*"}""",
        ]);

        Assert.Equal(ResultStatus.Pass, Single(await Verify(), "IC9011", "Fn").Status);
    }

    [Fact]
    public async Task A_role_that_allows_every_action_needs_nat()
    {
        PrivateFunction(["""{"Effect":"Allow","Action":"*","Resource":"*"}"""]);

        var result = Single(await Verify(), "IC9011", "Fn");

        Assert.Equal((ResultStatus.Fail, "calls to AWS will time out: subnet-a has no NAT route and no endpoint for any service (the role allows *)"), (result.Status, result.Message));
    }

    [Fact]
    public async Task An_unreadable_role_leaves_egress_unknown_unless_the_vpc_has_no_endpoint_at_all()
    {
        PrivateFunction(["""{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}"""]);
        aws.Denied.Add("GetRolePolicy");

        Assert.Equal(
            (ResultStatus.Fail, "calls to AWS will time out: subnets subnet-a have no route to a NAT gateway and the VPC has no endpoints"),
            Pair(Single(await Verify(), "IC9011", "Fn")));

        aws.Endpoints.Add(Endpoint("sqs", "Interface", privateDns: true));
        Assert.Equal(
            (ResultStatus.Unknown, "subnets subnet-a have no NAT route; cannot tell which services the role calls (GetRolePolicy AccessDenied)"),
            Pair(Single(await Verify(), "IC9011", "Fn")));
    }

    [Fact]
    public async Task A_default_route_to_a_transit_gateway_is_not_judged()
    {
        PrivateFunction([]);
        aws.RouteTables[0] = aws.RouteTables[0] with { Routes = [new Route("0.0.0.0/0", null, null, "active", "tgw-1")] };
        aws.Stack.Add(new StackResource("PrivateRoutes", "rtb-private", "AWS::EC2::RouteTable", "CREATE_COMPLETE"));

        var report = await Verify();

        Assert.Equal((ResultStatus.Unknown, "0.0.0.0/0 leaves through targets outside this check: subnet-a → tgw-1"), Pair(Single(report, "IC9011", "Fn")));
        Assert.Equal(ResultStatus.Unknown, Single(report, "IC9005", "PrivateRoutes").Status);
    }

    [Fact]
    public async Task A_key_policy_that_names_the_role_grants_decrypt_without_iam()
    {
        PrivateFunction([]);
        aws.KeyPolicies[KeyArn] = $$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["{{Role}}"]},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}""";
        aws.Denied.Add("GetRolePolicy");

        Assert.Equal(ResultStatus.Pass, Single(await Verify(), "IC9012", "Fn").Status);
    }

    [Fact]
    public async Task A_key_policy_that_neither_names_the_role_nor_delegates_to_iam_denies_decrypt()
    {
        PrivateFunction(["""{"Effect":"Allow","Action":"kms:*","Resource":"*"}"""]);
        aws.KeyPolicies[KeyArn] = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}""";

        var result = Single(await Verify(), "IC9012", "Fn");

        Assert.Equal(
            (ResultStatus.Fail, $"KMS access denied: the key policy of {KeyArn} neither grants {Role} kms:Decrypt nor delegates to IAM (arn:aws:iam::111122223333:root)"),
            Pair(result));
    }

    [Fact]
    public async Task An_explicit_deny_in_the_role_wins_over_its_allow()
    {
        PrivateFunction([
            """{"Effect":"Allow","Action":"kms:*","Resource":"*"}""",
            $$"""{"Effect":"Deny","Action":"kms:Decrypt","Resource":"{{KeyArn}}"}""",
        ]);

        Assert.Equal(ResultStatus.Fail, Single(await Verify(), "IC9012", "Fn").Status);
    }

    [Fact]
    public async Task An_on_failure_destination_counts_as_a_dead_letter_queue()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, Role, [], [], null, null, new Dictionary<string, string>());
        aws.OnFailure["fn"] = "arn:aws:sqs:us-east-1:111122223333:failures";

        var result = Single(await Verify(), "IC1002", "Fn");

        Assert.Equal((ResultStatus.Pass, "an on-failure destination is configured: arn:aws:sqs:us-east-1:111122223333:failures"), Pair(result));
    }

    [Fact]
    public async Task A_public_permission_fails_unless_a_source_or_organization_condition_limits_it()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, Role, [], [], null, null, new Dictionary<string, string>(), "nodejs22.x", "Active");
        aws.FunctionPolicies["fn"] = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},
              {"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}},
              {"Sid":"bucket","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}},
              {"Sid":"account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"lambda:InvokeFunction","Resource":"*"}]}
            """;

        var result = Single(await Verify(), "IC1009", "Fn");

        Assert.Equal((ResultStatus.Fail, "anyone allows Principal '*' with no source or organization condition: anyone can invoke the function"), Pair(result));
        Assert.Equal("AWS::Lambda::Function", result.ResourceType);
    }

    [Fact]
    public async Task A_container_image_has_no_runtime_to_judge_and_a_function_without_url_or_policy_has_nothing_to_check()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, Role, [], [], null, null, new Dictionary<string, string>(), null, "PassThrough", "Image");

        var results = await Verify();

        Assert.DoesNotContain(results, r => r.Rule.Id is "IC1006" or "IC1008" or "IC1009");
        Assert.Equal((ResultStatus.Fail, "TracingConfig.Mode is PassThrough, not Active"), Pair(Single(results, "IC1007", "Fn")));
    }

    [Fact]
    public async Task A_runtime_missing_from_the_table_is_unknown_and_a_state_machine_logging_nowhere_fails()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, Role, [], [], null, null, new Dictionary<string, string>(), "cobol85", "Active");
        aws.Stack.Add(new StackResource("Machine", "arn:aws:states:us-east-1:111122223333:stateMachine:m", "AWS::StepFunctions::StateMachine", "CREATE_COMPLETE"));
        aws.StateMachines["arn:aws:states:us-east-1:111122223333:stateMachine:m"] = new StateMachineSettings("ERROR", []);

        var results = await Verify();

        Assert.Equal((ResultStatus.Unknown, "Runtime cobol85 is not in Ironclad's runtime table (as of 2026-12-01)"), Pair(Single(results, "IC1006", "Fn")));
        Assert.Equal((ResultStatus.Fail, "loggingConfiguration.level is ERROR but no log group is a destination"), Pair(Single(results, "IC6301", "Machine")));
    }

    [Fact]
    public async Task A_role_without_inline_policies_has_nothing_to_judge_and_one_whose_document_is_not_json_is_unknown()
    {
        aws.Stack.Add(new StackResource("Bare", "bare", "AWS::IAM::Role", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Broken", "broken", "AWS::IAM::Role", "CREATE_COMPLETE"));
        aws.InlinePolicies["bare"] = [];
        aws.InlinePolicies["broken"] = [new NamedPolicy("p", "{not json")];

        var results = await Verify();

        Assert.DoesNotContain(results, r => r.Resource == "Bare");
        Assert.Equal(ResultStatus.Unknown, Single(results, "IC7001", "Broken").Status);
        Assert.StartsWith("cannot verify: a policy document is not valid JSON", Single(results, "IC7001", "Broken").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_role_read_leaves_the_iam_checks_unknown_and_a_deleted_role_is_gone()
    {
        aws.Stack.Add(new StackResource("Denied", "denied", "AWS::IAM::Role", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Deleted", "deleted", "AWS::IAM::Role", "CREATE_COMPLETE"));
        aws.InlinePolicies["denied"] = [];
        aws.Denied.Add("GetRolePolicy");

        var results = await Verify();

        Assert.Equal((ResultStatus.Unknown, "cannot verify: GetRolePolicy was denied (AccessDenied)"), Pair(Single(results, "IC7002", "Denied")));
        Assert.Equal((ResultStatus.Fail, "the resource is gone: ListRolePolicies answered NoSuchEntity, so it was deleted outside CloudFormation"), Pair(Single(results, "IC9017", "Deleted")));
    }

    [Fact]
    public async Task Rotation_does_not_apply_to_asymmetric_or_external_keys()
    {
        aws.Stack.Add(new StackResource("Signing", "k-rsa", "AWS::KMS::Key", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Imported", "k-ext", "AWS::KMS::Key", "CREATE_COMPLETE"));
        aws.Keys["k-rsa"] = new KeyDescription("k-rsa", null, "CUSTOMER", "Enabled", "RSA_2048", "AWS_KMS");
        aws.Keys["k-ext"] = new KeyDescription("k-ext", null, "CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT", "EXTERNAL");

        Assert.DoesNotContain(await Verify(), r => r.Rule.Id == "IC4002");
    }

    [Fact]
    public async Task A_bucket_whose_policy_admits_log_delivery_is_a_log_target_exempt_from_logging_and_replication()
    {
        aws.Stack.Add(new StackResource("Logs", "logs", "AWS::S3::Bucket", "CREATE_COMPLETE"));
        aws.Buckets["logs"] = new FakeBucket
        {
            Policy = """{"Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"}]}""",
        };

        var report = await Verify();

        Assert.DoesNotContain(report, r => r.Rule.Id is "IC3001" or "IC3004");
        Assert.Equal(ResultStatus.Pass, Single(report, "IC9010", "Logs").Status);
    }

    [Fact]
    public async Task A_log_target_that_grants_nobody_drops_the_logs_and_an_acl_grant_is_enough()
    {
        aws.Stack.Add(new StackResource("Site", "site", "AWS::S3::Bucket", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Logs", "logs", "AWS::S3::Bucket", "CREATE_COMPLETE"));
        aws.Buckets["site"] = new FakeBucket { Logging = new BucketLogging("logs", "site/") };
        aws.Buckets["logs"] = new FakeBucket();

        Assert.Equal(
            (ResultStatus.Fail, "receives access logs but neither its policy nor its ACL lets logging.s3.amazonaws.com write: logs are dropped"),
            Pair(Single(await Verify(), "IC9010", "Logs")));

        aws.Buckets["logs"].Grants.Add(new BucketGrant("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE"));
        Assert.Equal(ResultStatus.Pass, Single(await Verify(), "IC9010", "Logs").Status);
    }

    [Fact]
    public async Task A_missing_replication_destination_or_role_makes_replication_fail()
    {
        aws.Stack.Add(new StackResource("Site", "site", "AWS::S3::Bucket", "CREATE_COMPLETE"));
        aws.Buckets["site"] = new FakeBucket
        {
            Versioning = "Enabled",
            Replication = new BucketReplication("arn:aws:iam::111122223333:role/gone", [new ReplicationRule("all", "Enabled", "arn:aws:s3:::nowhere")]),
        };

        var result = Single(await Verify(), "IC9013", "Site");

        Assert.Equal((ResultStatus.Fail, "replication will fail: the destination nowhere does not exist; the role gone does not exist"), Pair(result));
    }

    [Fact]
    public async Task A_function_deleted_outside_the_stack_is_one_finding_and_unnamed_resources_are_reported()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Old", "old", "AWS::Lambda::Function", "DELETE_COMPLETE"));
        aws.Stack.Add(new StackResource("Pending", null, "AWS::Lambda::Function", "CREATE_IN_PROGRESS"));
        aws.Stack.Add(new StackResource("Broken", null, "AWS::SQS::Queue", "CREATE_FAILED", "Resource handler returned message: \"Access denied\""));

        var report = await Verify();

        Assert.Equal(
            (ResultStatus.Fail, "the resource is gone: GetFunctionConfiguration answered ResourceNotFoundException, so it was deleted outside CloudFormation"),
            Pair(Assert.Single(report, r => r.Resource == "Fn" && r.Rule.Id != "IC9001")));
        Assert.Equal("IC9017", Assert.Single(report, r => r.Resource == "Fn" && r.Rule.Id != "IC9001").Rule.Id);
        Assert.Equal((ResultStatus.Fail, "CREATE_IN_PROGRESS with no physical ID: the resource does not exist yet"), Pair(Single(report, "IC9016", "Pending")));
        Assert.Equal((ResultStatus.Fail, "CREATE_FAILED with no physical ID: Resource handler returned message: \"Access denied\""), Pair(Single(report, "IC9016", "Broken")));
        Assert.DoesNotContain(report, r => r.Resource == "Old");
    }

    [Fact]
    public async Task A_policy_that_is_not_json_makes_only_that_check_unknown()
    {
        aws.Stack.Add(new StackResource("Site", "site", "AWS::S3::Bucket", "CREATE_COMPLETE"));
        aws.Buckets["site"] = new FakeBucket { Policy = "{'Statement': []}" };

        var report = await Verify();

        Assert.StartsWith("cannot verify: a policy document is not valid JSON", Single(report, "IC3006", "Site").Message, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Unknown, Single(report, "IC3006", "Site").Status);
        Assert.Equal(ResultStatus.Fail, Single(report, "IC3002", "Site").Status);
    }

    [Fact]
    public async Task Denied_stack_listing_or_credentials_stop_the_run_with_one_line()
    {
        aws.Denied.Add("ListStackResources");
        var listing = await Assert.ThrowsAsync<VerifyException>(() => new StackVerifier(aws.Readers).VerifyAsync(new VerifyTarget("app", "eu-west-1")));
        Assert.Equal("cannot list the resources of stack 'app' in region eu-west-1: AccessDenied", listing.Message);

        aws.Denied.Add("GetCallerIdentity");
        var identity = await Assert.ThrowsAsync<VerifyException>(() => new StackVerifier(aws.Readers).VerifyAsync(new VerifyTarget("app", "eu-west-1")));
        Assert.Equal("cannot use the AWS credentials in region eu-west-1: AccessDenied", identity.Message);
    }

    private static (ResultStatus, string) Pair(ScanResult result) => (result.Status, result.Message);

    private static ScanResult Single(IEnumerable<ScanResult> results, string rule, string resource) =>
        Assert.Single(results, r => r.Rule.Id == rule && r.Resource == resource);

    private static VpcEndpoint Endpoint(string service, string type, bool privateDns = false, IReadOnlyList<string>? routeTables = null) =>
        new($"vpce-{service}", "vpc-1", $"com.amazonaws.us-east-1.{service}", type, "available", privateDns, routeTables ?? [], []);

    /// <summary>A function in one private subnet without a NAT route, with an environment key and a DLQ.</summary>
    private void PrivateFunction(IReadOnlyList<string> statements)
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, Role, ["subnet-a"], ["sg-1"], DlqArn, KeyArn, new Dictionary<string, string> { ["A"] = "b" });
        aws.Subnets.Add(new Subnet("subnet-a", "vpc-1", "us-east-1a"));
        aws.RouteTables.Add(new RouteTable("rtb-private", "vpc-1", false, ["subnet-a"], [new Route("10.0.0.0/16", null, "local", "active")]));
        aws.RolePolicies["app"] = [$$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}"""];
        aws.KeyPolicies[KeyArn] = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""";
    }

    private async Task<IReadOnlyList<ScanResult>> Verify() =>
        (await new StackVerifier(aws.Readers).VerifyAsync(new VerifyTarget("app", "us-east-1"))).Results;
}
