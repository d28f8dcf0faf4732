using System.Reflection;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests;

/// <summary>The documented least-privilege policy names exactly the calls verify can make.</summary>
public sealed class PolicyTests
{
    /// <summary>Each reader method, and the runner's own calls, with the IAM actions it needs.</summary>
    private static readonly Dictionary<string, string[]> Calls = new(StringComparer.Ordinal)
    {
        ["ICloudFormationReader.ListStackResourcesAsync"] = ["cloudformation:ListStackResources"],
        ["ICloudFormationReader.DescribeStackAsync"] = ["cloudformation:DescribeStacks"],
        ["ICloudFormationReader.DescribeStacksAsync"] = ["cloudformation:DescribeStacks"],
        ["ICloudFormationReader.GetTemplateAsync"] = ["cloudformation:GetTemplate"],
        ["ILambdaReader.GetFunctionConfigurationAsync"] = ["lambda:GetFunctionConfiguration"],
        ["ILambdaReader.GetFunctionConcurrencyAsync"] = ["lambda:GetFunctionConcurrency"],
        ["ILambdaReader.GetOnFailureDestinationAsync"] = ["lambda:GetFunctionEventInvokeConfig"],
        ["ILambdaReader.GetAccountSettingsAsync"] = ["lambda:GetAccountSettings"],
        ["ILambdaReader.GetPolicyAsync"] = ["lambda:GetPolicy"],
        ["ILambdaReader.GetFunctionUrlAuthTypeAsync"] = ["lambda:GetFunctionUrlConfig"],
        ["IKmsReader.DescribeKeyAsync"] = ["kms:DescribeKey"],
        ["IKmsReader.GetKeyRotationStatusAsync"] = ["kms:GetKeyRotationStatus"],
        ["IKmsReader.GetKeyPolicyAsync"] = ["kms:GetKeyPolicy"],
        ["IDynamoDbReader.DescribeTableEncryptionAsync"] = ["dynamodb:DescribeTable"],
        ["IDynamoDbReader.DescribePointInTimeRecoveryAsync"] = ["dynamodb:DescribeContinuousBackups"],
        ["IDynamoDbReader.DescribeTableDeletionProtectionAsync"] = ["dynamodb:DescribeTable"],
        ["IS3Reader.GetBucketEncryptionAsync"] = ["s3:GetEncryptionConfiguration"],
        ["IS3Reader.GetBucketVersioningAsync"] = ["s3:GetBucketVersioning"],
        ["IS3Reader.GetBucketLoggingAsync"] = ["s3:GetBucketLogging"],
        ["IS3Reader.GetBucketReplicationAsync"] = ["s3:GetReplicationConfiguration"],
        ["IS3Reader.GetPublicAccessBlockAsync"] = ["s3:GetBucketPublicAccessBlock"],
        ["IS3Reader.GetBucketPolicyAsync"] = ["s3:GetBucketPolicy"],
        ["IS3Reader.GetBucketLifecycleAsync"] = ["s3:GetLifecycleConfiguration"],
        ["IS3Reader.GetBucketAclAsync"] = ["s3:GetBucketAcl"],
        ["ISqsReader.GetQueueAttributesAsync"] = ["sqs:GetQueueAttributes"],
        ["IEc2Reader.DescribeVpcsAsync"] = ["ec2:DescribeVpcs"],
        ["IEc2Reader.DescribeVpcDnsAsync"] = ["ec2:DescribeVpcAttribute"],
        ["IEc2Reader.DescribeSubnetsAsync"] = ["ec2:DescribeSubnets"],
        ["IEc2Reader.DescribeRouteTablesAsync"] = ["ec2:DescribeRouteTables"],
        ["IEc2Reader.DescribeRouteTablesByIdAsync"] = ["ec2:DescribeRouteTables"],
        ["IEc2Reader.DescribeNatGatewaysAsync"] = ["ec2:DescribeNatGateways"],
        ["IEc2Reader.DescribeNatGatewaysByIdAsync"] = ["ec2:DescribeNatGateways"],
        ["IEc2Reader.DescribeVpcEndpointsAsync"] = ["ec2:DescribeVpcEndpoints"],
        ["IEc2Reader.DescribeVpcEndpointsByIdAsync"] = ["ec2:DescribeVpcEndpoints"],
        ["ICloudWatchReader.DescribeAlarmsAsync"] = ["cloudwatch:DescribeAlarms"],
        ["IIamReader.GetRolePolicyDocumentsAsync"] = ["iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:GetPolicy", "iam:GetPolicyVersion"],
        ["IIamReader.GetRoleInlinePoliciesAsync"] = ["iam:ListRolePolicies", "iam:GetRolePolicy"],
        ["IIamReader.GetManagedPolicyDocumentAsync"] = ["iam:GetPolicy", "iam:GetPolicyVersion"],
        ["IStsReader.GetAccountIdAsync"] = ["sts:GetCallerIdentity"],
        ["ISnsReader.GetTopicAttributesAsync"] = ["sns:GetTopicAttributes"],
        ["IKinesisReader.DescribeStreamSummaryAsync"] = ["kinesis:DescribeStreamSummary"],
        ["IStepFunctionsReader.DescribeStateMachineAsync"] = ["states:DescribeStateMachine"],
        ["ISecretsManagerReader.DescribeSecretKmsKeyAsync"] = ["secretsmanager:DescribeSecret"],
        ["IApiGatewayReader.GetRestApiStagesAsync"] = ["apigateway:GET"],
        ["IApiGatewayReader.GetApiStagesAsync"] = ["apigateway:GET"],
        ["IApiGatewayReader.GetRestApiMethodsAsync"] = ["apigateway:GET"],
        ["IApiGatewayReader.GetApiProtocolTypeAsync"] = ["apigateway:GET"],
        ["IApiGatewayReader.GetApiRoutesAsync"] = ["apigateway:GET"],
        ["VerifyRunner.Accounts"] = ["organizations:ListAccounts", "sts:AssumeRole"],
    };

    [Fact]
    public void Every_reader_method_has_its_actions_listed()
    {
        var methods = typeof(AwsReaders).GetProperties()
            .SelectMany(p => p.PropertyType.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => p.PropertyType.Name + "." + m.Name))
            .Append("VerifyRunner.Accounts")
            .Order(StringComparer.Ordinal);

        Assert.Equal(methods, Calls.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_documented_policy_allows_exactly_the_calls_verify_can_make_and_only_reads()
    {
        var documented = ReadOnlyPolicy.FromDocs();

        Assert.Equal(documented.Distinct(StringComparer.Ordinal).Count(), documented.Count);
        Assert.Equal(Calls.Values.SelectMany(a => a).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.All(documented, a => Assert.Matches("^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]+$|^sts:AssumeRole$|^apigateway:GET$", a));
    }
}
