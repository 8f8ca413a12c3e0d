log_destination_arn = "arn:aws:logs:us-east-1:111122223333:destination:cms-security-logging"
