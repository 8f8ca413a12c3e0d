// Generators for the synthetic benchmark inputs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A realistic small SAM template (3 functions, a table, a queue, a log group). */
export function samTemplate(i) {
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: generated service ${i}
Parameters:
  Stage: {Type: String, Default: dev}
Globals:
  Function:
    Runtime: python3.12
    MemorySize: 256
    Timeout: 30
    Tags: {team: t${i % 17}, service: svc-${i}}
Resources:
  Table${i}:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub 'svc-${i}-\${Stage}'
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
  Queue${i}:
    Type: AWS::SQS::Queue
  Api${i}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: api.handler
      CodeUri: src/
      ReservedConcurrentExecutions: 10
      Environment: {Variables: {TABLE: !Ref Table${i}, QUEUE_URL: !Ref Queue${i}}}
      Policies:
        - DynamoDBCrudPolicy: {TableName: !Ref Table${i}}
        - SQSSendMessagePolicy: {QueueName: !GetAtt Queue${i}.QueueName}
  Worker${i}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: worker.handler
      CodeUri: src/
      Events:
        Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue${i}.Arn, BatchSize: 10}}
  Report${i}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: report.handler
      CodeUri: src/
      Timeout: 300
  Report${i}Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/\${Report${i}}
      RetentionInDays: 90
`;
}

/** One CloudFormation template at the 500-resource limit with 200 functions. */
export function bigTemplate() {
  const out = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  let n = 0;
  for (let i = 0; i < 200; i++) {
    out.push(`  Fn${i}:`, '    Type: AWS::Lambda::Function', '    Properties:', `      FunctionName: fn-${i}`, '      Runtime: nodejs20.x', '      Handler: index.handler',
      `      Role: !GetAtt Role${i % 50}.Arn`, `      Timeout: ${10 + (i % 50)}`, '      MemorySize: 512', '      ReservedConcurrentExecutions: 5',
      `      Environment: {Variables: {TABLE: !Ref Table${i % 50}, STAGE: prod}}`, '      Code: {ZipFile: "exports.handler = async () => 1;"}');
    n++;
  }
  for (let i = 0; i < 50; i++) {
    out.push(`  Role${i}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]',
      '      Policies:', `        - PolicyName: p${i}`, '          PolicyDocument:', '            Statement:',
      `              - {Effect: Allow, Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: !GetAtt Table${i}.Arn}`);
    out.push(`  Table${i}:`, '    Type: AWS::DynamoDB::Table', '    Properties:', `      TableName: t-${i}`, '      BillingMode: PAY_PER_REQUEST');
    n += 2;
  }
  for (let i = 0; n < 500; i++, n++) {
    out.push(`  Logs${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', `      LogGroupName: /aws/lambda/fn-${i}`, '      RetentionInDays: 30');
  }
  return out.join('\n') + '\n';
}

/** A serverless.yml with 300 functions. */
export function serverlessYml() {
  const out = ['service: big', 'frameworkVersion: "3"', 'provider:', '  name: aws', '  runtime: nodejs20.x', '  memorySize: 512', '  timeout: 30',
    '  logRetentionInDays: 30', '  tags: {team: core}', '  iam:', '    role:', '      statements:', '        - {Effect: Allow, Action: ["dynamodb:GetItem"], Resource: "*"}', 'functions:'];
  for (let i = 0; i < 300; i++) {
    out.push(`  fn${i}:`, `    handler: src/fn${i}.handler`, `    reservedConcurrency: ${1 + (i % 10)}`, '    environment:', `      INDEX: "${i}"`, '    events:', `      - httpApi: {path: /fn${i}, method: get}`);
  }
  return out.join('\n') + '\n';
}

export function writeTemplates(dir, count) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `svc-${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    const f = path.join(sub, `template-${i}.yaml`);
    writeFileSync(f, samTemplate(i));
    files.push(f);
  }
  return files;
}

/** One SAM template with `count` functions that each miss the usual settings: 6 findings per function. */
export function manyFunctionsTemplate(count = 10_000) {
  const out = ['Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (let i = 0; i < count; i++) {
    out.push(`  Fn${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Runtime: nodejs20.x', '      Handler: index.handler', `      CodeUri: src/fn${i}/`,
      '      Environment:', '        Variables:', `          DB_PATH: /tmp/fn${i}.sqlite`);
  }
  return out.join('\n') + '\n';
}
