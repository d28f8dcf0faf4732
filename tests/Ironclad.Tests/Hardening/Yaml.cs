using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>Reading parsed output in assertions: a node by path, a scalar, the argument of a short-form call.</summary>
internal static class Yaml
{
    public static TemplateNode Node(TemplateNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((MappingNode)node)[key]!;
        }

        return node;
    }

    public static string Scalar(TemplateNode node, params string[] path) => ((ScalarNode)Node(node, path)).Value;

    /// <summary>The scalar argument of an intrinsic call (<c>!Ref X</c> gives X, <c>!Sub text</c> gives text).</summary>
    public static string CallArgument(TemplateNode node)
    {
        Assert.True(Intrinsics.TryGetCall(node, out _, out var argument));
        return ((ScalarNode)argument).Value;
    }

    /// <summary>The scalar items of a sequence.</summary>
    public static List<string> Items(TemplateNode node) => ((SequenceNode)node).Items.Select(i => ((ScalarNode)i).Value).ToList();
}

/// <summary>What a key policy must say for its principals to use the key.</summary>
internal static class KeyPolicies
{
    /// <summary>The statement of the AWS-managed DynamoDB key: any principal of the account, through DynamoDB in this region.</summary>
    public static void AssertDynamoDbStatement(ResourceDefinition key)
    {
        var statements = (SequenceNode)Yaml.Node(key.Node, "Properties", "KeyPolicy", "Statement");
        var statement = Assert.Single(statements.Items, s => ((MappingNode)s)["Condition"] is MappingNode c && c["StringEquals"] is MappingNode e && e["kms:ViaService"] is not null);

        Assert.Equal("Allow", Yaml.Scalar(statement, "Effect"));
        Assert.Equal("*", Yaml.Scalar(statement, "Principal", "AWS"));
        Assert.Equal(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"], Yaml.Items(Yaml.Node(statement, "Action")));
        Assert.Equal("AWS::AccountId", Yaml.CallArgument(Yaml.Node(statement, "Condition", "StringEquals", "kms:CallerAccount")));
        Assert.Equal("dynamodb.${AWS::Region}.amazonaws.com", Yaml.CallArgument(Yaml.Node(statement, "Condition", "StringEquals", "kms:ViaService")));
    }
}
