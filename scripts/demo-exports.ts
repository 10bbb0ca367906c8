// npm run demo:exports [-- DIR]: writes the demo VPC as AWS CLI exports (default examples/demo-vpc), to
// try `eks-ip-capacity subnets analyze` and `POST /v1/subnets/analyze` offline.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_VPC_ID, DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import { toEc2NetworkInterface, toEc2Reservation, toEc2Subnet } from '../test/builders/ec2-shapes.ts'

const dir = process.argv[2] ?? join('examples', 'demo-vpc')
const inventory = new DemoVpcInventory()
const subnets = await inventory.subnets({ vpcId: DEMO_VPC_ID })
const enis = await inventory.networkInterfaces(DEMO_VPC_ID)
const reservations = (
  await Promise.all(subnets.map((subnet) => inventory.cidrReservations(subnet.subnetId)))
).flat()

mkdirSync(dir, { recursive: true })
const write = (name: string, value: unknown) =>
  writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`)
write('subnets.json', { Subnets: subnets.map(toEc2Subnet) })
write('network-interfaces.json', {
  NetworkInterfaces: enis.map((eni) => toEc2NetworkInterface(eni, DEMO_VPC_ID)),
})
write('cidr-reservations.json', {
  SubnetIpv4CidrReservations: reservations.map(toEc2Reservation),
  SubnetIpv6CidrReservations: [],
})
console.log(`wrote ${dir}/subnets.json, network-interfaces.json, cidr-reservations.json`)
