using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class KmsKeyUsableTests
{
    private const string Sam = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          RootOnlyKey:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement:
                  - Effect: Allow
                    Principal:
                      AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                    Action: kms:*
                    Resource: '*'
          ViaServiceKey:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement:
                  - Effect: Allow
                    Principal:
                      AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                    Action: kms:*
                    Resource: '*'
                  - Effect: Allow
                    Principal:
                      AWS: '*'
                    Action: [kms:Decrypt, kms:DescribeKey]
                    Resource: '*'
                    Condition:
                      StringEquals:
                        kms:ViaService: !Sub dynamodb.${AWS::Region}.amazonaws.com
                        kms:CallerAccount: !Ref AWS::AccountId
          QueueKeyAlias:
            Type: AWS::KMS::Alias
            Properties:
              AliasName: alias/queue-key
              TargetKeyId: !Ref RootOnlyKey
          Sessions:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
                SSEType: KMS
                KMSMasterKeyId: !Ref RootOnlyKey
          Messages:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
                KMSMasterKeyId: !GetAtt ViaServiceKey.Arn
          Jobs:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: alias/queue-key
          Logs:
            Type: AWS::Logs::LogGroup
            Properties:
              KmsKeyId: !GetAtt RootOnlyKey.Arn
          CreateSession:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: !Ref Sessions
          ReadSession:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Policies:
                - DynamoDBReadPolicy:
                    TableName: !Ref Sessions
                - KMSDecryptPolicy:
                    KeyId: !Ref RootOnlyKey
          WriteMessage:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: !Ref Messages
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Work:
                  Type: SQS
                  Properties:
                    Queue: !GetAtt Jobs.Arn
        """;

    private const string Cfn = """
        {
          "Resources": {
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [
              {"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": ["PipeRole", "Arn"]}}, "Action": "kms:Decrypt", "Resource": "*"}
            ]}}},
            "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"StreamEncryption": {"EncryptionType": "KMS", "KeyId": {"Ref": "Key"}}}},
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"SSESpecification": {"SSEEnabled": true, "KMSMasterKeyId": {"Ref": "Key"}}}},
            "PipeRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
            "IntegrationRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "Policies": [{"PolicyName": "put", "PolicyDocument": {"Statement": [
              {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": {"Fn::GetAtt": ["Table", "Arn"]}},
              {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["Key", "Arn"]}}
            ]}}]}},
            "Pipe": {"Type": "AWS::Pipes::Pipe", "Properties": {"RoleArn": {"Fn::GetAtt": ["PipeRole", "Arn"]}, "Source": {"Fn::GetAtt": ["Stream", "Arn"]}, "Target": "arn:aws:sqs:us-east-1:1:q"}}
          }
        }
        """;

    [Fact]
    public void Should_Fail_A_Table_Whose_Reader_Has_No_Way_To_The_Key_And_Name_Both_Ends() =>
        RuleTestKit.Expect(
            KmsKeyUsable.Info,
            Sam,
            "Sessions",
            ResultStatus.Fail,
            43,
            9,
            "Sessions is encrypted with RootOnlyKey (line 3), which neither its key policy nor IAM lets these principals use: function CreateSession (DynamoDBCrudPolicy, line 63) lacks kms:Decrypt");

    [Fact]
    public void Should_Pass_A_Table_Whose_Key_Admits_Every_Principal_Through_The_Service() =>
        RuleTestKit.Expect(KmsKeyUsable.Info, Sam, "Messages", ResultStatus.Pass, 44, 3, "every principal that uses Messages can use ViaServiceKey");

    [Fact]
    public void Should_Fail_A_Queue_Encrypted_Through_An_Alias_Whose_Event_Source_Cannot_Decrypt() =>
        RuleTestKit.Expect(KmsKeyUsable.Info, Sam, "Jobs", ResultStatus.Fail, 53, 7, "function Worker (SQS event Work, line 89) lacks kms:Decrypt");

    [Fact]
    public void Should_Fail_A_Log_Group_Whose_Key_Does_Not_Admit_CloudWatch_Logs() =>
        RuleTestKit.Expect(KmsKeyUsable.Info, Sam, "Logs", ResultStatus.Fail, 57, 7, "Logs is encrypted with RootOnlyKey (line 3), whose key policy does not let logs.<region>.amazonaws.com use it");

    [Fact]
    public void Should_Fail_A_Table_Whose_Key_Policy_Leaves_Nothing_To_Iam_Even_When_The_Role_Grants_Itself_The_Key() =>
        RuleTestKit.Expect(KmsKeyUsable.Info, Cfn, "Table", ResultStatus.Fail, 7, 103, "Table is encrypted with Key (line 3), which neither its key policy nor IAM lets these principals use: role IntegrationRole (policy statement, line 10) lacks kms:Decrypt");

    private const string ReadAndWrite = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          RootOnlyKey:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement:
                  - Effect: Allow
                    Principal:
                      AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                    Action: kms:*
                    Resource: '*'
          Jobs:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: !Ref RootOnlyKey
          Sender:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Policies:
                - Statement:
                    - Effect: Allow
                      Action: sqs:*
                      Resource: !GetAtt Jobs.Arn
        """;

    [Fact]
    public void Should_Name_Both_Actions_A_Principal_That_Reads_And_Writes_Lacks_Decrypt_First() =>
        RuleTestKit.Expect(
            KmsKeyUsable.Info,
            ReadAndWrite,
            "Jobs",
            ResultStatus.Fail,
            16,
            7,
            "Jobs is encrypted with RootOnlyKey (line 3), which neither its key policy nor IAM lets these principals use: function Sender (policy statement, line 25) lacks kms:Decrypt and kms:GenerateDataKey");

    [Fact]
    public void Should_Pass_A_Stream_Whose_Key_Policy_Names_The_Pipe_Role() =>
        RuleTestKit.Expect(KmsKeyUsable.Info, Cfn, "Stream", ResultStatus.Pass, 6, 5, "every principal that uses Stream can use Key");

    private const string Topics = """
        Resources:
          TopicKey:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement:
                  - Effect: Allow
                    Principal:
                      AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                    Action: kms:*
                    Resource: '*'
                  - Effect: Allow
                    Principal:
                      Service: cloudwatch.amazonaws.com
                    Action: [kms:Decrypt, kms:GenerateDataKey*]
                    Resource: '*'
          Alerts:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !Ref TopicKey
          Uploads:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !Ref TopicKey
          Plain:
            Type: AWS::SNS::Topic
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              NotificationConfiguration:
                TopicConfigurations:
                  - Event: s3:ObjectCreated:*
                    Topic: !Ref Uploads
          Nightly:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: rate(1 day)
              Targets:
                - Id: uploads
                  Arn: !Ref Uploads
          QueueDepth:
            Type: AWS::CloudWatch::Alarm
            Properties:
              AlarmActions: [!Ref Alerts, !Ref Plain]
        """;

    [Fact]
    public void Should_Fail_A_Topic_Whose_Key_Policy_Does_Not_Admit_The_Services_That_Publish_To_It() =>
        RuleTestKit.Expect(
            KmsKeyUsable.Info,
            Topics,
            "Uploads",
            ResultStatus.Fail,
            24,
            7,
            "Uploads is encrypted with TopicKey (line 2), which neither its key policy nor IAM lets these principals use: s3.amazonaws.com (event notification of Bucket, line 32) lacks kms:GenerateDataKey and kms:Decrypt in the key policy, so its messages are dropped; events.amazonaws.com (EventBridge rule Nightly, line 39) lacks kms:GenerateDataKey and kms:Decrypt in the key policy, so its messages are dropped");

    [Fact]
    public void Should_Pass_A_Topic_Whose_Key_Policy_Admits_The_Alarms_That_Publish_To_It() =>
        RuleTestKit.Expect(KmsKeyUsable.Info, Topics, "Alerts", ResultStatus.Pass, 17, 3, "every principal that uses Alerts can use TopicKey");

    [Fact]
    public void Should_Leave_An_Unencrypted_Topic_To_The_Encryption_Rule() =>
        RuleTestKit.ExpectNoResult(KmsKeyUsable.Info, Topics, "Plain");
}
