using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// The fixes beyond the guide (tracing, deletion protection, stream encryption, SourceAccount) and the advice for what
/// they leave to a person: the decisions behind the golden cases, asserted one at a time.
/// </summary>
public class ServerlessFixTests
{
    private static HardeningPlan Plan(string yaml, params string[] only) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", yaml)), new HardeningOptions { Only = only });

    [Fact]
    public void Should_Trace_Each_Function_When_One_That_Would_Inherit_From_Globals_Opted_Out()
    {
        var plan = Plan("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Quiet:
                Type: AWS::Serverless::Function
                Metadata:
                  ironclad:
                    suppress: [{id: IC1007, reason: traced by the vendor agent}]
                Properties: {Runtime: python3.12, Handler: a.h, CodeUri: src/}
              Busy:
                Type: AWS::Serverless::Function
                Properties: {Runtime: python3.12, Handler: b.h, CodeUri: src/}
            """, "IC1007");

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("Busy", "Properties.Tracing", "Tracing: Active"), (change.Target, change.Path, change.Summary));
    }

    [Fact]
    public void Should_Decline_Tracing_For_A_Lambda_At_Edge_Function_And_Keep_It_Out_Of_Globals()
    {
        var plan = Plan("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Edge:
                Type: AWS::Serverless::Function
                Properties: {Runtime: nodejs20.x, Handler: a.h, CodeUri: src/, AutoPublishAlias: live}
              Api:
                Type: AWS::Serverless::Function
                Properties: {Runtime: nodejs20.x, Handler: b.h, CodeUri: src/}
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                      LambdaFunctionAssociations:
                        - EventType: viewer-request
                          LambdaFunctionARN: !Ref Edge.Version
                    Origins: [{Id: site, DomainName: example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only}}]
            """, "IC1007");

        var declined = Assert.Single(plan.Declined);
        Assert.Equal(("IC1007", "Edge"), (declined.Finding.RuleId, declined.Finding.Resource));
        Assert.Equal("a Lambda@Edge function (a CloudFront distribution runs it) cannot use AWS X-Ray active tracing", declined.Reason);
        Assert.Contains(plan.Changes, c => c.Target == "Api" && c.Path == "Properties.Tracing");
        Assert.DoesNotContain(plan.Changes, c => c.Target == "Globals.Function");
    }

    [Fact]
    public void Should_Name_What_An_External_Role_Needs_To_Write_Traces()
    {
        var plan = Plan("""
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/shared, Code: {ZipFile: x}}
            """, "IC1007");

        var warning = Assert.Single(plan.Warnings, w => w.Kind == WarningKind.ExternalRole);
        Assert.Equal(
            "Worker now traces with X-Ray and uses a role from outside the template (arn:aws:iam::123456789012:role/shared); add to it: {\"Effect\": \"Allow\", \"Action\": [\"xray:PutTraceSegments\", \"xray:PutTelemetryRecords\"], \"Resource\": \"*\"} (or the managed policy arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess).",
            warning.Message);
    }

    [Fact]
    public void Should_Leave_A_Function_Untraced_When_Its_Role_Cannot_Be_Given_The_Write_Actions()
    {
        var plan = Plan("""
            Conditions:
              Never: !Equals [a, b]
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
                  Policies: !If [Never, [], !Ref AWS::NoValue]
              Worker:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}
            """, "IC1007");

        Assert.Empty(plan.Edits);
        var left = Assert.Single(plan.Unfixed);
        Assert.Equal(("IC1007", "Worker"), (left.Finding.RuleId, left.Finding.Resource));
        Assert.StartsWith("Policies is written with Fn::If", left.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Warn_That_Protected_Tables_Block_Stack_Deletion()
    {
        var plan = Plan("""
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties: {BillingMode: PAY_PER_REQUEST, AttributeDefinitions: [{AttributeName: id, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]}
            """, "DynamoDB.6");

        Assert.Contains(plan.Changes, c => (c.Target, c.Path, c.Summary) == ("Orders", "Properties.DeletionProtectionEnabled", "deletion protection on"));
        Assert.Contains(plan.Warnings, w => w.Message.StartsWith("Deletion protection is on for Orders: deleting the stack", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Leave_Public_And_Arn_Scoped_Permissions_With_The_Change_To_Make()
    {
        var plan = Plan("""
            Resources:
              Public:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: f, Principal: '*'}
              FromApi:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: f, Principal: apigateway.amazonaws.com}
            """, "Lambda.1");

        Assert.Empty(plan.Edits);
        Assert.Equal(
            "Principal '*' lets anyone invoke the function: replace it by the account or service that calls it, or add SourceArn, SourceAccount or PrincipalOrgID; if the function is public by design, suppress IC1009 on it with the reason",
            Assert.Single(plan.Unfixed, u => u.Finding.Resource == "Public").Reason);
        Assert.Equal(
            "apigateway.amazonaws.com is scoped by SourceArn, the ARN of the resource that invokes the function (for API Gateway: arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:<api-id>/*); add it by hand",
            Assert.Single(plan.Unfixed, u => u.Finding.Resource == "FromApi").Reason);
    }

    [Fact]
    public void Should_Say_That_Source_Account_Replaces_The_Permission()
    {
        var plan = Plan("""
            Resources:
              FromBucket:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: f, Principal: s3.amazonaws.com}
            """, "IC1009");

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("FromBucket", "Properties.SourceAccount"), (change.Target, change.Path));
        Assert.Contains("SourceAccount: !Ref AWS::AccountId", plan.Apply(), StringComparison.Ordinal);
        Assert.Contains(plan.Warnings, w => w.Message.StartsWith("SourceAccount: !Ref AWS::AccountId on FromBucket:", StringComparison.Ordinal) && w.Message.Contains("CloudFormation replaces these permissions", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("logs.amazonaws.com")]
    [InlineData("logs.eu-west-1.amazonaws.com")]
    [InlineData("lambda.alarms.cloudwatch.amazonaws.com")]
    [InlineData("ses.amazonaws.com")]
    public void Should_Scope_By_Source_Account_Only_The_Services_Documented_To_Pass_It(string principal)
    {
        var plan = Plan($$"""
            Resources:
              Invoke:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: f, Principal: {{principal}}}
            """, "IC1009");

        Assert.Equal(("Invoke", "Properties.SourceAccount"), (Assert.Single(plan.Changes).Target, plan.Changes[0].Path));
    }

    [Fact]
    public void Should_Scope_An_Sns_Permission_By_The_One_Topic_That_Subscribes_The_Function()
    {
        var plan = Plan("""
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Handler:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
              Subscription:
                Type: AWS::SNS::Subscription
                Properties: {Protocol: lambda, TopicArn: !Ref Alerts, Endpoint: !GetAtt Handler.Arn}
              FromTopic:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: !Ref Handler, Principal: sns.amazonaws.com}
            """, "IC1009");

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("FromTopic", "Properties.SourceArn", "SourceArn: the topic Alerts"), (change.Target, change.Path, change.Summary));
        Assert.Contains("SourceArn: !Ref Alerts", plan.Apply(), StringComparison.Ordinal);
        Assert.DoesNotContain("SourceAccount", plan.Apply(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Scope_Event_And_Cognito_Permissions_By_The_Rule_And_The_User_Pool()
    {
        var plan = Plan("""
            Resources:
              Handler:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
              Nightly:
                Type: AWS::Events::Rule
                Properties: {ScheduleExpression: rate(1 day), Targets: [{Id: h, Arn: !GetAtt Handler.Arn}]}
              Pool:
                Type: AWS::Cognito::UserPool
                Properties: {LambdaConfig: {PreSignUp: !GetAtt Handler.Arn}}
              FromRule:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: !GetAtt Handler.Arn, Principal: events.amazonaws.com}
              FromPool:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: !GetAtt Handler.Arn, Principal: cognito-idp.amazonaws.com}
            """, "IC1009");

        var output = plan.Apply();
        Assert.Contains("Principal: events.amazonaws.com, SourceArn: !GetAtt Nightly.Arn}", output, StringComparison.Ordinal);
        Assert.Contains("Principal: cognito-idp.amazonaws.com, SourceArn: !GetAtt Pool.Arn}", output, StringComparison.Ordinal);
        Assert.Empty(plan.Unfixed);
    }

    [Fact]
    public void Should_Leave_A_Source_Arn_Permission_When_The_Invoker_Is_Not_One_Unconditional_Acyclic_Resource()
    {
        var plan = Plan("""
            Conditions:
              Prod: !Equals [!Ref AWS::Region, us-east-1]
            Resources:
              Handler:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
              Other:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
              Third:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
              First:
                Type: AWS::SNS::Topic
                Properties: {Subscription: [{Protocol: lambda, Endpoint: !GetAtt Handler.Arn}]}
              Second:
                Type: AWS::SNS::Topic
                Properties: {Subscription: [{Protocol: lambda, Endpoint: !GetAtt Handler.Arn}]}
              ProdOnly:
                Type: AWS::Events::Rule
                Condition: Prod
                Properties: {ScheduleExpression: rate(1 day), Targets: [{Id: o, Arn: !GetAtt Other.Arn}]}
              Waits:
                Type: AWS::Events::Rule
                DependsOn: ThirdPermission
                Properties: {ScheduleExpression: rate(1 day), Targets: [{Id: t, Arn: !GetAtt Third.Arn}]}
              HandlerPermission:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: !Ref Handler, Principal: sns.amazonaws.com}
              OtherPermission:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: !Ref Other, Principal: events.amazonaws.com}
              ThirdPermission:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: !Ref Third, Principal: events.amazonaws.com}
              Unknown:
                Type: AWS::Lambda::Permission
                Properties: {Action: lambda:InvokeFunction, FunctionName: elsewhere, Principal: events.amazonaws.com}
            """, "IC1009");

        Assert.Empty(plan.Edits);
        string Reason(string resource) => Assert.Single(plan.Unfixed, u => u.Finding.Resource == resource).Reason;
        Assert.Equal("sns.amazonaws.com is scoped by SourceArn, the ARN of the topic that invokes the function, and 2 topics of the template invoke it (First, Second): add SourceArn by hand (one permission per topic)", Reason("HandlerPermission"));
        Assert.Equal("the rule ProdOnly that invokes the function exists only under the condition Prod, and OtherPermission does not carry it: add Condition: Prod and SourceArn by hand", Reason("OtherPermission"));
        Assert.Equal("the rule Waits that invokes the function depends on ThirdPermission, so a SourceArn naming it would be a dependency cycle: write its ARN as text by hand", Reason("ThirdPermission"));
        Assert.Equal("events.amazonaws.com is scoped by SourceArn, the ARN of the rule that invokes the function, and no rule of the template invokes it: add SourceArn by hand (one permission per rule)", Reason("Unknown"));
    }

    [Fact]
    public void Should_Suggest_The_Actions_The_Resources_Of_A_Wildcard_Statement_Are_Used_With()
    {
        var plan = Plan("""
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties: {BillingMode: PAY_PER_REQUEST, AttributeDefinitions: [{AttributeName: id, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]}
              Access:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Action: '*'
                        Resource: [!GetAtt Orders.Arn, 'arn:aws:sqs:us-east-1:123456789012:jobs']
            """, "IC7002");

        var left = Assert.Single(plan.Unfixed);
        Assert.Equal(
            "no automatic fix: replace Action '*' by the actions the principal calls; its resources suggest starting from "
            + "Orders (AWS::DynamoDB::Table): dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:BatchGetItem, dynamodb:BatchWriteItem; "
            + "arn:aws:sqs:us-east-1:123456789012:jobs: sqs:SendMessage, sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes (keep only those the code calls) "
            + "(policy Access: a statement allows Action '*': every action of every service)",
            left.Reason);
    }

    [Fact]
    public void Should_Point_To_Policy_Generation_For_Full_Admin()
    {
        var plan = Plan("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Admin:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: a.h
                  CodeUri: src/
                  Policies:
                    - Statement: [{Effect: Allow, Action: '*', Resource: '*'}]
            """, "IC7001");

        var left = Assert.Single(plan.Unfixed);
        Assert.StartsWith(
            "no automatic fix: replace Action '*' by the actions the principal calls, on the ARNs it uses; the statement's Resource '*' suggests none, so list them from the code, or generate a policy from the principal's CloudTrail activity with IAM Access Analyzer (",
            left.Reason,
            StringComparison.Ordinal);
    }
}
