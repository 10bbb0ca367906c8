# The CLI in a small image, from the packed tarball (no clone, no build tools inside):
#   npm pack && docker build --build-arg VERSION="$(node -p "require('./package.json').version")" -t eks-ip-capacity .
#   docker run --rm -v ~/.aws:/home/node/.aws:ro -e AWS_PROFILE=prod eks-ip-capacity subnets scan --vpc-id vpc-0abc
# The tarball's CLI is one prebuilt bundle with no dependencies: installing it needs no network.
FROM node:22-alpine

# The version names the one tarball to install: older ones left in the folder stay out of the image.
ARG VERSION
RUN test -n "$VERSION" || { echo 'name the tarball: --build-arg VERSION=<package.json version>' >&2; exit 1; }
COPY eks-ip-capacity-${VERSION}.tgz /tmp/eks-ip-capacity.tgz
RUN npm install --global --offline --no-audit --no-fund /tmp/eks-ip-capacity.tgz \
  && rm /tmp/eks-ip-capacity.tgz \
  && npm cache clean --force

# The base image's unprivileged user; ~/.aws mounted read-only is all the CLI reads.
USER node
WORKDIR /home/node
ENTRYPOINT ["eks-ip-capacity"]
CMD ["--help"]
