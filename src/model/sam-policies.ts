/**
 * SAM policy templates that matter to governance: the actions they grant and the resource ARNs
 * they name, `${Param}` standing for the template's parameter. Templates not listed still count as
 * attached policies but grant nothing the checks look for.
 */
export interface PolicyTemplate {
  actions: string[];
  resources: string[];
}

const ddbTable = ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}', 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*'];
const bucket = ['arn:${AWS::Partition}:s3:::${BucketName}', 'arn:${AWS::Partition}:s3:::${BucketName}/*'];
const queue = ['arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}'];
const topic = ['arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}'];
const stream = ['arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${StreamName}'];

export const POLICY_TEMPLATES: Record<string, PolicyTemplate> = {
  DynamoDBCrudPolicy: { actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'], resources: ddbTable },
  DynamoDBReadPolicy: { actions: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], resources: ddbTable },
  DynamoDBWritePolicy: { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], resources: ddbTable },
  DynamoDBReconfigurePolicy: { actions: ['dynamodb:UpdateTable'], resources: ddbTable.slice(0, 1) },
  DynamoDBRestoreFromBackupPolicy: { actions: ['dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem'], resources: ddbTable.slice(0, 1) },
  DynamoDBStreamReadPolicy: { actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], resources: ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/stream/${StreamName}'] },
  DynamoDBBackupFullAccessPolicy: { actions: ['dynamodb:CreateBackup', 'dynamodb:DescribeContinuousBackups'], resources: ddbTable.slice(0, 1) },
  S3ReadPolicy: { actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], resources: bucket },
  S3WritePolicy: { actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], resources: bucket },
  S3CrudPolicy: { actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObject'], resources: bucket },
  S3FullAccessPolicy: { actions: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:DeleteObject', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:ListBucket', 's3:GetBucketLocation'], resources: bucket },
  SQSSendMessagePolicy: { actions: ['sqs:SendMessage*'], resources: queue },
  SQSPollerPolicy: { actions: ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], resources: queue },
  SNSPublishMessagePolicy: { actions: ['sns:Publish'], resources: topic },
  SNSCrudPolicy: { actions: ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'], resources: ['arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}*'] },
  KinesisStreamReadPolicy: { actions: ['kinesis:ListStreams', 'kinesis:DescribeLimits', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'], resources: stream },
  KinesisCrudPolicy: { actions: ['kinesis:AddTagsToStream', 'kinesis:CreateStream', 'kinesis:DecreaseStreamRetentionPeriod', 'kinesis:DeleteStream', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetShardIterator', 'kinesis:IncreaseStreamRetentionPeriod', 'kinesis:ListTagsForStream', 'kinesis:MergeShards', 'kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:SplitShard', 'kinesis:RemoveTagsFromStream'], resources: stream },
  EFSWriteAccessPolicy: { actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], resources: ['arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}'] },
  LambdaInvokePolicy: { actions: ['lambda:InvokeFunction'], resources: ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*'] },
  StepFunctionsExecutionPolicy: { actions: ['states:StartExecution'], resources: ['arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}'] },
  StepFunctionsCallbackPolicy: { actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: ['arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}'] },
};

/** Managed policy names SAM expands to `arn:${AWS::Partition}:iam::aws:policy/<name>` (service-role paths kept). */
export function managedPolicyArn(name: string): string {
  return name.startsWith('arn:') ? name : `arn:\${AWS::Partition}:iam::aws:policy/${SERVICE_ROLE.has(name) ? 'service-role/' : ''}${name}`;
}

const SERVICE_ROLE = new Set([
  'AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaKinesisExecutionRole',
  'AWSLambdaDynamoDBExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'AWSLambdaMSKExecutionRole',
  'AWSLambdaRole', 'AWSLambdaENIManagementAccess',
]);
