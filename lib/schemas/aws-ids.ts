import * as z from 'zod'

// AWS names as every boundary checks them: the API, plans, report scopes and the environment.

export const AwsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as us-east-1')
export const SubnetId = z
  .string()
  .regex(/^subnet-[0-9a-z-]+$/, 'expected a subnet ID such as subnet-0abc1234')
export const VpcId = z.string().regex(/^vpc-[0-9a-z-]+$/, 'expected a VPC ID such as vpc-0abc1234')
