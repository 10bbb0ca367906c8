// The aws-node variables that change what a node holds, as ipamd spells them.
export const CNI_ENV_VARIABLES = [
  'ENABLE_PREFIX_DELEGATION',
  'WARM_ENI_TARGET',
  'WARM_IP_TARGET',
  'MINIMUM_IP_TARGET',
  'WARM_PREFIX_TARGET',
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  'MAX_ENI',
  'ENABLE_POD_ENI',
  'ENABLE_IPv6',
] as const
