using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// What AWS does at deploy time and at runtime with the fixed output, each from a minimal template:
/// conditions follow the resource, one policy per bucket, usable keys, the OAI to OAC ordering, the
/// TLS-only deny behind an allow-all distribution, existing log groups, and the report's claims.
/// </summary>
public class DeploySemanticsTests
{
    private static HardeningPlan Plan(string yaml, HardeningOptions? options = null) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", yaml)), options ?? new HardeningOptions { SamConfigParameters = new Dictionary<string, string>() });

    private static CfnTemplate Output(HardeningPlan plan) => CfnTemplate.From(TemplateDocument.Parse("fixed.yaml", plan.Apply()));

    private static string? ConditionOf(CfnTemplate template, string id) => template.FindResource(id)!.Condition;

    [Fact]
    public void Should_Put_Replication_Companions_Of_A_Conditional_Bucket_Under_Its_Condition()
    {
        // Given a bucket created only under a condition
        var plan = Plan("""
            Parameters:
              Create: {Type: String, Default: 'yes'}
            Conditions:
              CreateBucket: !Equals [!Ref Create, 'yes']
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Condition: CreateBucket
            """);
        var output = Output(plan);

        // Then the role, its policy and the failover bucket exist only when the bucket does
        Assert.Equal("CreateBucket", ConditionOf(output, "S3ReplicationRole"));
        Assert.Equal("CreateBucket", ConditionOf(output, "S3ReplicationPolicy"));
        Assert.Equal("CreateFailoverBucketForData", ConditionOf(output, "FailoverBucket"));
        Assert.Contains("CreateFailoverBucketForData: !And [!Condition CreateFailoverBucket, !Condition CreateBucket]", plan.Apply(), StringComparison.Ordinal);

        // and so do the log bucket and its policy, which serve only conditional buckets
        Assert.Equal("HasAccessLogSources", ConditionOf(output, "AccessLoggingBucket"));
        Assert.Equal("HasAccessLogSources", ConditionOf(output, "AccessLoggingBucketPolicy"));
        Assert.Contains("HasAccessLogSources: !Or [!Condition CreateBucket, !Condition CreateFailoverBucketForData]", plan.Apply(), StringComparison.Ordinal);
        Assert.Equal("CreateBucket", ConditionOf(output, "DataPolicy"));
    }

    [Fact]
    public void Should_Put_Shared_Companions_Under_Or_When_Every_Bucket_Is_Conditional_And_None_When_One_Is_Not()
    {
        const string Template = """
            Parameters:
              Mode: {Type: String, AllowedValues: [a, b]}
            Conditions:
              IsA: !Equals [!Ref Mode, a]
              IsB: !Equals [!Ref Mode, b]
            Resources:
              First:
                Type: AWS::S3::Bucket
                Condition: IsA
              Second:
                Type: AWS::S3::Bucket
                Condition: IsB
            """;
        var conditional = Plan(Template);
        var mixed = Plan(Template.Replace("\n    Condition: IsB", "", StringComparison.Ordinal));

        Assert.Equal("HasReplicatedBuckets", ConditionOf(Output(conditional), "S3ReplicationRole"));
        Assert.Contains("HasReplicatedBuckets: !Or [!Condition IsA, !Condition IsB]", conditional.Apply(), StringComparison.Ordinal);
        Assert.Null(ConditionOf(Output(mixed), "S3ReplicationRole"));
        Assert.Null(ConditionOf(Output(mixed), "S3ReplicationPolicy"));
    }

    [Fact]
    public void Should_Put_Region_Wide_Lambda_Alarms_Under_The_Condition_Of_Their_Only_Function()
    {
        var plan = Plan("""
            Parameters:
              Enable: {Type: String, Default: 'yes'}
            Conditions:
              WithWorker: !Equals [!Ref Enable, 'yes']
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Condition: WithWorker
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: 'def handler(e, c): pass'}
            """, new HardeningOptions { Only = ["IC1001"], SamConfigParameters = new Dictionary<string, string>() });
        var output = Output(plan);

        Assert.Equal("WithWorker", ConditionOf(output, "LambdaThrottlesAlarm"));
        Assert.Equal("WithWorker", ConditionOf(output, "LambdaErrorsAlarm"));
    }

    [Theory]
    [InlineData("BucketName: !Ref BucketNameParam", "Bucket: !Ref BucketNameParam")]
    [InlineData("BucketName: trail-logs-example", "Bucket: trail-logs-example")]
    [InlineData("BucketName: !Sub '${AWS::StackName}-trail'", "Bucket: !Sub '${AWS::StackName}-trail'")]
    public void Should_Add_To_The_Policy_That_Names_The_Bucket_Instead_Of_A_Second_Policy(string name, string target)
    {
        // Given a CloudTrail-style bucket whose policy names it by its name, not by !Ref
        var plan = Plan($$"""
            Parameters:
              BucketNameParam: {Type: String, Default: trail-logs-example}
            Resources:
              TrailBucket:
                Type: AWS::S3::Bucket
                Properties:
                  {{name}}
              TrailBucketPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  {{target}}
                  PolicyDocument:
                    Statement:
                      - Sid: AWSCloudTrailWrite
                        Effect: Allow
                        Principal: {Service: cloudtrail.amazonaws.com}
                        Action: s3:PutObject
                        Resource: arn:aws:s3:::trail-logs-example/AWSLogs/*
            """, new HardeningOptions { Only = ["IC3006"], SamConfigParameters = new Dictionary<string, string>() });
        var output = Output(plan);

        // Then the TLS-only statement joins that policy, and there is still one policy
        Assert.DoesNotContain(plan.AddedResources, r => r.Type == "AWS::S3::BucketPolicy");
        Assert.Contains(plan.Changes, c => c.Target == "TrailBucketPolicy" && c.Path == "Properties.PolicyDocument.Statement" && c.Summary == "statement DenyInsecureTransport (TLS only)");
        Assert.Single(output.Resources, r => r.Type == "AWS::S3::BucketPolicy");

        // and a re-scan finds the bucket's policy denies plain HTTP
        var (results, _) = new Scanner(RuleCatalog.All, new ScanOptions { Only = ["IC3006"] }).Scan(output, "fixed.yaml");
        Assert.Equal(ResultStatus.Pass, Assert.Single(results, r => r.Resource == "TrailBucket").Status);
    }

    [Fact]
    public void Should_Let_Every_Account_Principal_Use_The_Table_Key_Through_DynamoDB()
    {
        var output = Output(Plan("""
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
            """, new HardeningOptions { Only = ["IC2001"], SamConfigParameters = new Dictionary<string, string>() }));

        KeyPolicies.AssertDynamoDbStatement(output.FindResource("DynamoDBKMSKey")!);
    }

    [Fact]
    public void Should_Leave_A_Tables_Own_Key_And_Name_The_Principals_That_Need_It()
    {
        var plan = Plan("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              TableKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
                  KeyPolicy:
                    Statement:
                      - Effect: Allow
                        Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}
                        Action: kms:*
                        Resource: '*'
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref TableKey}
              Reader:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: a.h
                  CodeUri: src/
                  Policies:
                    - DynamoDBReadPolicy: {TableName: !Ref Orders}
            """, new HardeningOptions { Only = ["IC2001", "IC2002"], SamConfigParameters = new Dictionary<string, string>() });

        Assert.DoesNotContain(plan.Changes, c => c.Target == "TableKey");
        Assert.Contains(plan.Warnings, w => w.Message.StartsWith("Orders is encrypted with TableKey, which the tool does not edit", StringComparison.Ordinal) && w.Message.EndsWith(": Reader.", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Let_Every_Function_Of_The_Example_That_Uses_A_Table_Use_Its_Key()
    {
        var output = CfnTemplate.From(TemplateDocument.Parse("hardened.yaml", FixSuite.Instance["example/prechat"].Output));
        var key = output.FindResource("DynamoDBKMSKey")!;
        KeyPolicies.AssertDynamoDbStatement(key);

        // Every table is under that key ...
        var tables = output.Resources.Where(r => r.Type == "AWS::DynamoDB::Table").Select(r => r.LogicalId).ToList();
        Assert.Equal(["SessionsTable", "MessagesTable"], tables);
        foreach (var table in tables)
        {
            Assert.Equal("DynamoDBKMSKey", Yaml.CallArgument(Yaml.Node(output.FindResource(table)!.Node, "Properties", "SSESpecification", "KMSMasterKeyId")));
        }

        // ... and every function that reaches a table (SAM policy template, inline statement, event
        // source) is a principal of the account calling through DynamoDB, which the statement admits.
        var users = output.Resources.Where(r => r.Type == "AWS::Serverless::Function" && UsesTable(r)).Select(r => r.LogicalId).ToList();
        Assert.Contains("CreateSessionFunction", users);
        Assert.Contains("PreSignUpFunction", users);
        Assert.Contains("MessageStreamFunction", users);
        Assert.True(users.Count >= 30, $"only {users.Count} table users found");
        Assert.All(users, u => Assert.Null(output.FindResource(u)!.Properties!["Role"]));
    }

    /// <summary>A function reaches a table: a DynamoDB policy template or an inline dynamodb: action, or a stream event source.</summary>
    private static bool UsesTable(ResourceDefinition function)
    {
        var properties = function.Properties!;
        var policies = properties["Policies"] as SequenceNode;
        var templates = policies?.Items.OfType<MappingNode>().Any(p => p.Entries.Any(e => e.Key.Value.StartsWith("DynamoDB", StringComparison.Ordinal))) ?? false;
        var inline = policies?.Items.OfType<MappingNode>().Any(p => p["Statement"] is SequenceNode statements
            && statements.Items.OfType<MappingNode>().Any(st => st["Action"] is { } a && Mentions(a, "dynamodb:"))) ?? false;
        var stream = properties["Events"] is MappingNode events && events.Entries.Any(e => e.Value is MappingNode ev && ev["Type"] is ScalarNode { Value: "DynamoDB" });
        return templates || inline || stream;
    }

    private static bool Mentions(TemplateNode node, string prefix) => node switch
    {
        ScalarNode s => s.Value.StartsWith(prefix, StringComparison.Ordinal),
        SequenceNode q => q.Items.Any(i => Mentions(i, prefix)),
        _ => false,
    };

    [Fact]
    public void Should_Allow_Origin_Access_Control_Before_The_Distribution_Switches()
    {
        var plan = FixSuite.Instance["Fix/cloudfront-oai.yaml"].Plan!;
        var output = CfnTemplate.From(TemplateDocument.Parse("fixed.yaml", FixSuite.Instance["Fix/cloudfront-oai.yaml"].Output));

        // The new statement does not name the distribution (no dependency on it) ...
        var statements = (SequenceNode)Yaml.Node(output.FindResource("AssetsBucketPolicy")!.Node, "Properties", "PolicyDocument", "Statement");
        var allow = statements.Items.Single(s => (((MappingNode)s)["Sid"] as ScalarNode)?.Value == "AllowCloudFrontCdn");
        Assert.Equal(
            "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/*",
            Yaml.CallArgument(Yaml.Node(allow, "Condition", "ArnLike", "AWS:SourceArn")));

        // ... the old identity's statement stays, and the distribution waits for the policy
        Assert.Contains(statements.Items, s => ((MappingNode)s)["Principal"] is MappingNode p && p["CanonicalUser"] is not null);
        Assert.Equal("AssetsBucketPolicy", Yaml.Scalar(output.FindResource("Cdn")!.Node, "DependsOn"));

        // and the report says how to narrow it later, without promising that viewers see no 403
        var warning = Assert.Single(plan.Warnings, w => w.Message.StartsWith("Cdn: moved to origin access control", StringComparison.Ordinal));
        Assert.Contains("DependsOn AssetsBucketPolicy", warning.Message, StringComparison.Ordinal);
        Assert.Contains("narrow it to arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Cdn}", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Warnings, w => w.Message.Contains("no 403", StringComparison.Ordinal));
    }

    private const string AllowAllDistribution = """
        Resources:
          Assets:
            Type: AWS::S3::Bucket
          Cdn:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
                Origins:
                  - Id: assets
                    DomainName: !GetAtt Assets.RegionalDomainName
                    S3OriginConfig: {OriginAccessIdentity: ''}
                DefaultCacheBehavior:
                  TargetOriginId: assets
                  ViewerProtocolPolicy: POLICY
                  CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        """;

    [Fact]
    public void Should_Redirect_Http_Viewers_Before_Denying_Requests_Without_Tls()
    {
        var plan = Plan(AllowAllDistribution.Replace("POLICY", "allow-all", StringComparison.Ordinal), new HardeningOptions { Only = ["IC3006"], SamConfigParameters = new Dictionary<string, string>() });
        var output = Output(plan);

        Assert.Equal("redirect-to-https", Yaml.Scalar(output.FindResource("Cdn")!.Node, "Properties", "DistributionConfig", "DefaultCacheBehavior", "ViewerProtocolPolicy"));
        Assert.Contains(plan.Warnings, w => w.Message.StartsWith("Cdn: viewers on HTTP are now redirected to HTTPS", StringComparison.Ordinal));
        Assert.Contains(plan.AddedResources, r => r.LogicalId == "AssetsPolicy");
    }

    [Fact]
    public void Should_Not_Deny_Plain_Http_When_The_Viewer_Policy_Is_Chosen_By_An_Intrinsic()
    {
        var template = AllowAllDistribution.Replace("POLICY", "!If [Strict, https-only, allow-all]", StringComparison.Ordinal)
            .Replace("Resources:", "Parameters:\n  Mode: {Type: String, Default: lax}\nConditions:\n  Strict: !Equals [!Ref Mode, strict]\nResources:", StringComparison.Ordinal);
        var plan = Plan(template, new HardeningOptions { Only = ["IC3006"], SamConfigParameters = new Dictionary<string, string>() });

        Assert.DoesNotContain(plan.AddedResources, r => r.Type == "AWS::S3::BucketPolicy");
        var declined = Assert.Single(plan.Declined);
        Assert.Equal(("IC3006", "Assets"), (declined.Finding.RuleId, declined.Finding.Resource));
        Assert.Contains("allow-all", declined.Reason, StringComparison.Ordinal);
    }

    private const string LogGroup = """
        Resources:
          Logs:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: /app/events
        """;

    [Fact]
    public void Should_Not_Add_Retention_To_An_Existing_Log_Group_Unless_Asked()
    {
        var plan = Plan(LogGroup, new HardeningOptions { Only = ["IC4003"], SamConfigParameters = new Dictionary<string, string>() });
        var asked = Plan(LogGroup, new HardeningOptions { Only = ["IC4003"], LogRetentionExisting = 365, SamConfigParameters = new Dictionary<string, string>() });

        Assert.DoesNotContain("RetentionInDays", plan.Apply(), StringComparison.Ordinal);
        var declined = Assert.Single(plan.Declined);
        Assert.Contains("delete the older events on the next deploy", declined.Reason, StringComparison.Ordinal);
        Assert.Contains("      RetentionInDays: 365\n", asked.Apply(), StringComparison.Ordinal);
        Assert.Empty(asked.Declined);

        // A re-scan is clean: the decline is a suppression with its reason
        var (results, _) = new Scanner(RuleCatalog.All, new ScanOptions { Only = ["IC4003"] }).Scan(Output(plan), "fixed.yaml");
        Assert.DoesNotContain(results, r => r.Status == ResultStatus.Fail);
    }

    private const string Functions = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          ApiKeyValue: {Type: String}
        Resources:
          Failures:
            Type: AWS::SQS::Queue
            Properties: {SqsManagedSseEnabled: true}
          Jobs:
            Type: AWS::SQS::Queue
            Properties:
              SqsManagedSseEnabled: true
              RedrivePolicy: {deadLetterTargetArn: !GetAtt JobsDeadLetters.Arn, maxReceiveCount: 3}
          JobsDeadLetters:
            Type: AWS::SQS::Queue
            Properties: {SqsManagedSseEnabled: true}
          ApiFunction:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: api.handler
              CodeUri: src/
              Events:
                Get: {Type: Api, Properties: {Path: /, Method: get}}
          NightlyFunction:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: nightly.handler
              CodeUri: src/
              Events:
                Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
          OwnDlqFunction:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: own.handler
              CodeUri: src/
              DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Failures.Arn}
        """;

    [Fact]
    public void Should_Name_The_Synchronous_Functions_That_Get_The_Limit_And_What_Feeds_The_Queue()
    {
        var plan = Plan(Functions, new HardeningOptions { Only = ["IC1001", "IC1002"], SamConfigParameters = new Dictionary<string, string>() });

        var users = Assert.Single(plan.Warnings, w => w.Message.Contains("answer users synchronously", StringComparison.Ordinal));
        Assert.Equal(
            "1 functions that answer users synchronously get reserved concurrency LambdaConcurrencyLimit (default 10): the next concurrent request beyond it is throttled (HTTP 429, a failed sign-in). Raise LambdaConcurrencyLimit or give these functions their own ReservedConcurrentExecutions: ApiFunction (API).",
            users.Message);
        Assert.Contains(plan.Warnings, w => w.Message == "LambdaDeadLetterQueue receives only failed asynchronous invocations; fed by NightlyFunction (schedule). The other 1 functions given the queue are invoked synchronously or by pollers (API, Cognito, streams, SQS): their failures never reach it.");
    }

    [Fact]
    public void Should_Alarm_On_The_Templates_Own_Dead_Letter_Queues_And_Leave_The_Retained_Queue_Unnamed()
    {
        var plan = Plan(Functions, new HardeningOptions { Only = ["IC1001", "IC1002"], SamConfigParameters = new Dictionary<string, string>() });
        var output = Output(plan);

        foreach (var queue in new[] { "Failures", "JobsDeadLetters" })
        {
            var alarm = output.FindResource(queue + "Alarm")!;
            Assert.Equal("ApproximateNumberOfMessagesVisible", Yaml.Scalar(alarm.Node, "Properties", "MetricName"));
        }

        Assert.Null(output.FindResource("JobsAlarm"));
        var dlq = output.FindResource("LambdaDeadLetterQueue")!;
        Assert.Null(dlq.Properties!["QueueName"]);
        Assert.Equal("Retain", Yaml.Scalar(dlq.Node, "DeletionPolicy"));
    }

    [Fact]
    public void Should_Limit_CloudWatch_Use_Of_The_Alarm_Key_To_The_Account()
    {
        var output = Output(Plan(Functions, new HardeningOptions { Only = ["IC1001"], SamConfigParameters = new Dictionary<string, string>() }));

        var statements = (SequenceNode)Yaml.Node(output.FindResource("LambdaKMSKey")!.Node, "Properties", "KeyPolicy", "Statement");
        var cloudWatch = statements.Items.Single(s => Yaml.Scalar(s, "Sid") == "AllowCloudWatchAlarmsToPublish");
        Assert.Equal("AWS::AccountId", Yaml.CallArgument(Yaml.Node(cloudWatch, "Condition", "StringEquals", "aws:SourceAccount")));
    }

    [Fact]
    public void Should_Deploy_The_Written_File_With_The_Samconfig_Values_And_Placeholders_For_Required_Parameters()
    {
        var plan = Plan(Functions, new HardeningOptions
        {
            Only = ["IC1001"],
            Alarms = AlarmMode.None,
            TemplateFileName = "hardened/template.yaml",
            SamConfigParameters = new Dictionary<string, string> { ["Owner"] = "team a" },
        });

        Assert.Equal(
            "sam build --template-file hardened/template.yaml && sam deploy --resolve-s3 --capabilities CAPABILITY_IAM --parameter-overrides LambdaConcurrencyLimit=10 Owner=\"team a\" ApiKeyValue=<ApiKeyValue>",
            plan.DeployCommand);
        Assert.Contains(plan.Warnings, w => w.Message == "Parameters without a default need a value at deploy: ApiKeyValue (placeholders in the deploy command).");
    }

    [Fact]
    public void Should_Repeat_The_Samconfig_Parameter_Overrides_Beside_The_Template()
    {
        var plan = Hardener.Plan(Ironclad.Tests.Examples.PrechatExampleTests.ExamplePath, new HardeningOptions { Only = ["IC1001"], Alarms = AlarmMode.None });

        Assert.Equal(
            "sam build && sam deploy --resolve-s3 --capabilities CAPABILITY_IAM --parameter-overrides Stage=dev LambdaConcurrencyLimit=10 BedrockModelId=anthropic.claude-3-haiku-20240307-v1:0 AllowedOrigin=https://chat.example.com",
            plan.DeployCommand);
    }
}
