# syntax=docker/dockerfile:1
#
# MountViz in a container. Build stage: the .NET SDK plus Node.js, running the same commands as
# CI (npm ci, npm run build, dotnet publish). Runtime stage: the ASP.NET Core runtime with
# util-linux (findmnt, nsenter, unshare, mount) for inspecting and experimenting with mounts.
#
# Both stages are Ubuntu 24.04 "noble", a Debian-based glibc distribution: Tmds.LibC binds
# libc.so.6, so musl images (Alpine) will not do, and .NET 10 ships no Debian-proper images.

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# npm packages first, so that editing sources does not reinstall them.
COPY client/package.json client/package-lock.json client/
RUN cd client && npm ci --no-audit --no-fund

COPY . .
RUN cd client && npm run build
RUN dotnet publish src/MountViz.Web/MountViz.Web.csproj -c Release -o /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends util-linux mount \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/publish .

# Root, because mount namespace operations need CAP_SYS_ADMIN (compose runs it privileged).
USER root
# The image's default ASPNETCORE_HTTP_PORTS (8080) would only clash with --urls.
ENV ASPNETCORE_HTTP_PORTS=
EXPOSE 5080
ENTRYPOINT ["./mountviz"]
# Inside the container the server must listen on all interfaces for the published port to
# reach it; docker-compose.yml publishes that port on the host's 127.0.0.1 only.
CMD ["serve", "--urls", "http://0.0.0.0:5080"]
