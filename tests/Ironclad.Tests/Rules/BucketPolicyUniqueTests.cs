using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class BucketPolicyUniqueTests
{
    private const string Cfn = """
        Parameters:
          TrailBucketName:
            Type: String
        Resources:
          TrailBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Ref TrailBucketName
          TrailPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref TrailBucketName
              PolicyDocument: {Statement: []}
          TlsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref TrailBucket
              PolicyDocument: {Statement: []}
          LogBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: my-logs
          LogPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: my-logs
              PolicyDocument: {Statement: []}
          LogPolicyAgain:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref LogBucket
              PolicyDocument: {Statement: []}
          OtherPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: somebody-elses
              PolicyDocument: {Statement: []}
        """;

    private const string Sam = """
        Transform: AWS::Serverless-2016-10-31
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
          IsDev: !Not [!Condition IsProd]
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          ProdPolicy:
            Type: AWS::S3::BucketPolicy
            Condition: IsProd
            Properties:
              Bucket: !Ref Bucket
              PolicyDocument: {Statement: []}
          DevPolicy:
            Type: AWS::S3::BucketPolicy
            Condition: IsDev
            Properties:
              Bucket: !Ref Bucket
              PolicyDocument: {Statement: []}
        """;

    private const string Json = """
        {
          "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket"},
            "First": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Bucket"}, "PolicyDocument": {}}},
            "Second": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Bucket"}, "PolicyDocument": {}}}
          }
        }
        """;

    [Theory]
    [InlineData("TrailPolicy", 12, 7, "TrailPolicy and TlsPolicy (line 14) are policies of the same bucket TrailBucket")]
    [InlineData("TlsPolicy", 17, 7, "TlsPolicy and TrailPolicy (line 9) are policies of the same bucket TrailBucket")]
    [InlineData("LogPolicy", 26, 7, "LogPolicy and LogPolicyAgain (line 28) are policies of the same bucket LogBucket")]
    public void Should_Fail_Two_Policies_For_One_Bucket_Named_By_Ref_Parameter_Or_Literal(string resource, int line, int column, string message) =>
        RuleTestKit.Expect(BucketPolicyUnique.Info, Cfn, resource, ResultStatus.Fail, line, column, message);

    [Fact]
    public void Should_Pass_The_Only_Policy_Of_A_Bucket_Outside_The_Template() =>
        RuleTestKit.Expect(BucketPolicyUnique.Info, Cfn, "OtherPolicy", ResultStatus.Pass, 33, 3);

    [Theory]
    [InlineData("ProdPolicy", 8)]
    [InlineData("DevPolicy", 14)]
    public void Should_Pass_Policies_Under_Conditions_That_Exclude_Each_Other(string resource, int line) =>
        RuleTestKit.Expect(BucketPolicyUnique.Info, Sam, resource, ResultStatus.Pass, line, 3);

    [Fact]
    public void Should_Read_Json_Templates() =>
        RuleTestKit.Expect(BucketPolicyUnique.Info, Json, "Second", ResultStatus.Fail, 5, 64, "Second and First (line 4) are policies of the same bucket Bucket");
}
