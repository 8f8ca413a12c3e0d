/**
 * The Terraform argument each model property is lowered from (lower.ts), for messages that name
 * Terraform's own arguments (`reserved_concurrent_executions`, not `ReservedConcurrentExecutions`).
 * Keyed by the model's (CloudFormation) type, then by property path.
 */
export const TERRAFORM_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::Lambda::Function': {
    FunctionName: 'function_name', Timeout: 'timeout', MemorySize: 'memory_size', ReservedConcurrentExecutions: 'reserved_concurrent_executions',
    EphemeralStorage: 'ephemeral_storage', 'EphemeralStorage.Size': 'ephemeral_storage.size', VpcConfig: 'vpc_config',
    'VpcConfig.SubnetIds': 'vpc_config.subnet_ids', 'VpcConfig.SecurityGroupIds': 'vpc_config.security_group_ids', Environment: 'environment',
    'Environment.Variables': 'environment.variables', KmsKeyArn: 'kms_key_arn', Layers: 'layers', Architectures: 'architectures',
    LoggingConfig: 'logging_config', 'LoggingConfig.LogGroup': 'logging_config.log_group', DeadLetterConfig: 'dead_letter_config',
    'DeadLetterConfig.TargetArn': 'dead_letter_config.target_arn', DurableConfig: 'durable_config', 'DurableConfig.ExecutionTimeout': 'durable_config.execution_timeout',
    Tags: 'tags', Role: 'role', Handler: 'handler', Runtime: 'runtime', TracingConfig: 'tracing_config',
  },
  'AWS::Logs::LogGroup': { LogGroupName: 'name', RetentionInDays: 'retention_in_days', KmsKeyId: 'kms_key_id' },
  'AWS::Logs::SubscriptionFilter': { LogGroupName: 'log_group_name', DestinationArn: 'destination_arn', FilterPattern: 'filter_pattern' },
  'AWS::Logs::AccountPolicy': { PolicyType: 'policy_type', PolicyDocument: 'policy_document', SelectionCriteria: 'selection_criteria' },
  'AWS::IAM::Role': { RoleName: 'name', ManagedPolicyArns: 'managed_policy_arns', Policies: 'inline_policy', AssumeRolePolicyDocument: 'assume_role_policy' },
  'AWS::IAM::RolePolicy': { PolicyDocument: 'policy', RoleName: 'role' },
  'AWS::IAM::ManagedPolicy': { PolicyDocument: 'policy' },
  'AWS::StepFunctions::StateMachine': { Definition: 'definition', DefinitionString: 'definition', RoleArn: 'role_arn' },
  'AWS::Lambda::Version': { 'ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions': 'provisioned_concurrent_executions' },
  'AWS::Lambda::EventInvokeConfig': { DestinationConfig: 'destination_config' },
  'AWS::EC2::VPC': { InstanceTenancy: 'instance_tenancy' },
  'AWS::EC2::Subnet': { VpcId: 'vpc_id', AvailabilityZone: 'availability_zone' },
};
