# The CLI in a small image, from the packed tarball (no clone, no build tools inside):
#   npm pack && docker build -t eks-ip-capacity .
#   docker run --rm -v ~/.aws:/home/node/.aws:ro -e AWS_PROFILE=prod eks-ip-capacity subnets scan --vpc-id vpc-0abc
# The tarball's CLI is one prebuilt bundle with no dependencies: installing it needs no network.
FROM node:22-alpine

COPY eks-ip-capacity-*.tgz /tmp/
RUN npm install --global --offline --no-audit --no-fund /tmp/eks-ip-capacity-*.tgz \
  && rm /tmp/eks-ip-capacity-*.tgz \
  && npm cache clean --force

# The base image's unprivileged user; ~/.aws mounted read-only is all the CLI reads.
USER node
WORKDIR /home/node
ENTRYPOINT ["eks-ip-capacity"]
CMD ["--help"]
