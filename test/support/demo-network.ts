import { DEMO_VPC_ID, DemoVpcInventory } from '../../lib/adapters/demo/demo-vpc.ts'
import { toEc2NetworkInterface, toEc2Reservation, toEc2Subnet } from '../builders/ec2-shapes.ts'

/** The demo VPC in EC2's shapes, to load into the fake EC2 endpoint. */
export async function demoNetwork() {
  const inventory = new DemoVpcInventory()
  const subnets = await inventory.subnets({ vpcId: DEMO_VPC_ID })
  const enis = await inventory.networkInterfaces(DEMO_VPC_ID)
  const reservations = (
    await Promise.all(subnets.map((subnet) => inventory.cidrReservations(subnet.subnetId)))
  ).flat()
  return {
    inventory,
    subnets: subnets.map(toEc2Subnet),
    networkInterfaces: enis.map((eni) => toEc2NetworkInterface(eni, DEMO_VPC_ID)),
    reservations: reservations.map(toEc2Reservation),
  }
}
