# Report generator - Terraform with governance findings and a compliant neighbour.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "claims-reporting"
    }
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "report" {
  name               = "report-generator"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "report_logs" {
  role       = aws_iam_role.report.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "report" {
  function_name = "report-generator"
  role          = aws_iam_role.report.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "build/report.zip"
  memory_size   = 1024

  ephemeral_storage {
    size = 4096
  }

  environment {
    variables = {
      DB_PASSWORD = "hunter2-not-a-real-secret"
    }
  }
}

# The compliant neighbour: every setting the business rules ask for, through a local module.
module "audit" {
  source = "./modules/function"

  name                 = "audit-exporter"
  memory_size          = 256
  timeout              = 60
  reserved_concurrency = 2
  log_retention_days   = var.log_retention_days
  log_destination_arn  = var.log_destination_arn
}
