variable "region" {
  type    = string
  default = "us-east-1"
}

variable "log_retention_days" {
  description = "Days the functions' logs are kept."
  type        = number
  default     = 365
}

variable "log_destination_arn" {
  description = "The enterprise security logging destination."
  type        = string
}
