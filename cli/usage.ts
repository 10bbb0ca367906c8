export const USAGE = `eks-ip-capacity: pods per node, for every VPC CNI mode

Usage:
  eks-ip-capacity max-pods --instance-type TYPE [--instance-type TYPE ...] [settings] [--output text|table|json] [--explain]
  eks-ip-capacity max-pods --node-group TYPE,TYPE,... [settings]
  eks-ip-capacity max-pods --all [settings]
  eks-ip-capacity instance-types [--family FAMILY] [--output text|table|json]
  eks-ip-capacity ip-usage --instance-type TYPE --pods N|max [settings] [--warm-eni-target N] [--warm-ip-target N]
                  [--minimum-ip-target N] [--warm-prefix-target N] [--kubelet-max-pods N] [--branch-pods N]
  eks-ip-capacity plan FILE.yaml|json [--demo | --subnets FILE --enis FILE [--reservations FILE ...]] [--region R]
    eks-ip-capacity report run [--demo] [--scope SCOPE.json] [--output text|table|json]
  eks-ip-capacity subnets analyze --subnets FILE --enis FILE [--reservations FILE ...] [--output table|json|map]
  eks-ip-capacity subnets scan (--vpc-id ID | --cluster NAME | --subnet-id ID ...) [--region R] [--output table|json|map]

subnets analyze reads AWS CLI exports (describe-subnets, describe-network-interfaces
--include-managed-resources, get-subnet-cidr-reservations) offline; subnets scan asks EC2 with your
credentials and reports progress on stderr.

Settings (the EKS max-pods calculator's flags, then ours):
  --cni-version V                    VPC CNI version, MAJOR.MINOR.PATCH (default: a current release)
  --cni-prefix-delegation-enabled    prefix delegation (/28 per slot; CNI >= 1.9, Nitro only)
  --cni-custom-networking-enabled    custom networking (the primary ENI holds no pod address)
  --cni-max-eni N                    use at most N ENIs
  --show-max-allowed                 no 110/250 recommended ceiling
  --profile P                        calculator (default) | eni-max-pods | nodeadm | karpenter
  --security-groups-for-pods         report trunk and branch ENI capacity
  --ip-family ipv4|ipv6              IP family of the cluster (default ipv4)
  --reserved-enis N                  Karpenter reservedENIs (karpenter profile)
  --pods-per-core N                  Karpenter podsPerCore, 0 = no per-core cap (karpenter profile)
  --ami-family F                     Karpenter amiFamily: AL2023 (default) | AL2 | Bottlerocket | Custom |
                                     Windows2019 | Windows2022 | Windows2025 (karpenter profile)

With only the calculator's flags and one type, the answer is the bare number, as the calculator prints it.
Mistakes exit with status 2 and one line on stderr.`
