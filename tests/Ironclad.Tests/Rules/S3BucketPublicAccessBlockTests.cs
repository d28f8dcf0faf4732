using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;

namespace Ironclad.Tests.Rules;

public class S3BucketPublicAccessBlockTests
{
    private const string Template = """
        Resources:
          Blocked:
            Type: AWS::S3::Bucket
            Properties:
              PublicAccessBlockConfiguration:
                BlockPublicAcls: true
                BlockPublicPolicy: "true"
                IgnorePublicAcls: True
                RestrictPublicBuckets: !Ref Restrict
          NoBlock:
            Type: AWS::S3::Bucket
          OneOff:
            Type: AWS::S3::Bucket
            Properties:
              PublicAccessBlockConfiguration:
                BlockPublicAcls: true
                BlockPublicPolicy: true
                IgnorePublicAcls: true
                RestrictPublicBuckets: false
          TwoMissing:
            Type: AWS::S3::Bucket
            Properties:
              PublicAccessBlockConfiguration:
                BlockPublicAcls: true
                BlockPublicPolicy: true
          Unknowable:
            Type: AWS::S3::Bucket
            Properties:
              PublicAccessBlockConfiguration:
                BlockPublicAcls: true
                BlockPublicPolicy: true
                IgnorePublicAcls: true
                RestrictPublicBuckets: !Ref Free
          Conditional:
            Type: AWS::S3::Bucket
            Properties:
              PublicAccessBlockConfiguration: !If
                - IsProd
                - BlockPublicAcls: true
                  BlockPublicPolicy: true
                  IgnorePublicAcls: true
                  RestrictPublicBuckets: true
                - BlockPublicAcls: true
                  BlockPublicPolicy: !Ref AWS::NoValue
                  IgnorePublicAcls: true
                  RestrictPublicBuckets: true
        Parameters:
          Restrict:
            Type: String
            Default: "true"
          Free:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Free, prod]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(S3BucketPublicAccessBlock.Info);

    [Theory]
    [InlineData("Blocked", ResultStatus.Pass, 2, 3, "all four public access blocks are on")]
    [InlineData("NoBlock", ResultStatus.Fail, 10, 3, "PublicAccessBlockConfiguration is not set: the template does not keep BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets on")]
    [InlineData("OneOff", ResultStatus.Fail, 19, 32, "PublicAccessBlockConfiguration leaves RestrictPublicBuckets off")]
    [InlineData("TwoMissing", ResultStatus.Fail, 23, 7, "PublicAccessBlockConfiguration leaves IgnorePublicAcls and RestrictPublicBuckets off")]
    [InlineData("Unknowable", ResultStatus.Unknown, 33, 32, "PublicAccessBlockConfiguration.RestrictPublicBuckets is unknown before deployment: parameter Free has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 37, 7, "PublicAccessBlockConfiguration leaves BlockPublicPolicy off (when IsProd is false)")]
    public void Should_Judge_Each_Bucket_In_One_Finding(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(S3BucketPublicAccessBlock.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Report_One_Finding_Under_All_Four_Checkov_Ids()
    {
        var results = TestTemplates.Scan(Template, only: "CKV_AWS_5*");

        var oneOff = Assert.Single(results, r => r.Resource == "OneOff");
        Assert.Equal("IC3005", oneOff.Rule.Id);
        Assert.All(new[] { "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56" }, id => Assert.True(oneOff.Rule.Matches(id)));
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(S3BucketPublicAccessBlock.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(S3BucketPublicAccessBlock.Info, Failing);
}
