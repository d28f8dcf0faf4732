using Ironclad.Core.Rules;

namespace Ironclad.Tests.Scanning;

/// <summary>docs/design/rules.md, Effective properties: how a resource is evaluated, independent of any one rule.</summary>
public class ScannerSemanticsTests
{
    [Fact]
    public void Resource_With_A_False_Condition_Gets_No_Result_And_An_Undecidable_One_Is_Evaluated()
    {
        var results = TestTemplates.Scan("""
            Parameters:
              Env:
                Type: String
                Default: dev
              Region:
                Type: String
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              InUs: !Equals [!Ref Region, us-east-1]
            Resources:
              ProdOnly:
                Type: AWS::Lambda::Function
                Condition: IsProd
              MaybeUs:
                Type: AWS::Lambda::Function
                Condition: InUs
            """, only: "IC1001");

        Assert.DoesNotContain(results, r => r.Resource == "ProdOnly");
        Assert.Equal(ResultStatus.Fail, TestTemplates.Single(results, "IC1001", "MaybeUs").Status);
    }

    [Fact]
    public void Undecidable_If_Is_Judged_Per_Branch_And_Names_The_Condition()
    {
        var results = TestTemplates.Scan("""
            Parameters:
              Env:
                Type: String
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  ReservedConcurrentExecutions: !If [IsProd, 50, !Ref AWS::NoValue]
            """, only: "IC1001");

        var result = TestTemplates.Single(results, "IC1001", "Fn");
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.EndsWith("(when IsProd is false)", result.Message, StringComparison.Ordinal);
        Assert.Equal((7, 3), (result.Line, result.Column));
    }

    [Fact]
    public void Decidable_If_Takes_The_Chosen_Branch()
    {
        var results = TestTemplates.Scan("""
            Parameters:
              Env:
                Type: String
                Default: prod
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              NotProd: !Not [!Condition IsProd]
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  ReservedConcurrentExecutions: !If [NotProd, !Ref AWS::NoValue, 50]
            """, only: "IC1001");

        Assert.Equal(ResultStatus.Pass, TestTemplates.Single(results, "IC1001", "Fn").Status);
        Assert.Equal(ResultStatus.Fail, TestTemplates.Single(
            TestTemplates.Scan(
                """
                Parameters:
                  Env: {Type: String, Default: prod}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                      ReservedConcurrentExecutions: !If [IsProd, !Ref AWS::NoValue, 50]
                """,
                only: "IC1001"),
            "IC1001",
            "Fn").Status);
    }

    [Fact]
    public void Globals_Reach_A_Function_Without_Properties_And_A_Bad_Resource_Does_Not_Switch_Them_Off()
    {
        var template = TestTemplates.Parse("""
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                ReservedConcurrentExecutions: 10
            Resources:
              Bare:
                Type: AWS::Serverless::Function
              Broken:
                Type: AWS::Serverless::Api
                Properties: [oops]
              Normal:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
            """);
        var (results, errors) = new Ironclad.Core.Scanning.Scanner(RuleCatalog.All, new() { Only = ["IC1001"] }).Scan(template, "t.yaml");

        Assert.Single(errors);
        Assert.Equal(ResultStatus.Pass, TestTemplates.Single(results, "IC1001", "Bare").Status);
        Assert.Equal(ResultStatus.Pass, TestTemplates.Single(results, "IC1001", "Normal").Status);
    }

    [Theory]
    [InlineData("Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_115\n            comment: why not", "why not")]
    [InlineData("Metadata:\n      bridgecrew:\n        skip:\n          - id: lambda-concurrency-check\n            comment: legacy", "legacy")]
    [InlineData("Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W92\n            reason: nag says so", "nag says so")]
    [InlineData("Metadata:\n      guard:\n        SuppressedRules:\n          - LAMBDA_CONCURRENCY_CHECK", null)]
    [InlineData("Metadata:\n      ironclad:\n        suppress:\n          - id: IC1001\n            reason: ours", "ours")]
    [InlineData("# checkov:skip=CKV_AWS_115:comment inside the block", "comment inside the block")]
    public void Every_Suppression_Form_Suppresses_By_Any_Alias(string metadata, string? reason)
    {
        var results = TestTemplates.Scan($"""
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                {metadata}
            """, only: "IC1001");

        var result = TestTemplates.Single(results, "IC1001", "Fn");
        Assert.Equal(ResultStatus.Suppressed, result.Status);
        Assert.Equal(reason ?? "no reason given", result.Reason);
        if (reason is null)
        {
            Assert.Contains("without a reason", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_Skip_Comment_Above_The_Resource_Does_Not_Apply()
    {
        var results = TestTemplates.Scan("""
            Resources:
              # checkov:skip=CKV_AWS_115:belongs to nobody
              Fn:
                Type: AWS::Lambda::Function
            """, only: "IC1001");

        Assert.Equal(ResultStatus.Fail, TestTemplates.Single(results, "IC1001", "Fn").Status);
    }

    [Fact]
    public void Json_Templates_Report_Positions_Too()
    {
        var results = TestTemplates.Scan("""
            {
              "Resources": {
                "Fn": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": {"ReservedConcurrentExecutions": 0}
                }
              }
            }
            """, only: "IC1001");

        var result = TestTemplates.Single(results, "IC1001", "Fn");
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Equal((5, 54), (result.Line, result.Column));
    }
}

public class SuppressionScopeTests
{
    [Fact]
    public void A_Skip_Comment_Above_The_Next_Resource_Belongs_To_Neither()
    {
        var results = TestTemplates.Scan("""
            Resources:
              First:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: index.handler
              # checkov:skip=CKV_AWS_115:meant for Second, but above its key
              Second:
                Type: AWS::Lambda::Function
              Third:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: index.handler  # checkov:skip=CKV_AWS_115:trailing comment on the last line
            """, only: "IC1001");

        Assert.Equal(ResultStatus.Fail, TestTemplates.Single(results, "IC1001", "First").Status);
        Assert.Equal(ResultStatus.Fail, TestTemplates.Single(results, "IC1001", "Second").Status);
        Assert.Equal(ResultStatus.Suppressed, TestTemplates.Single(results, "IC1001", "Third").Status);
    }
}
