package io.outagedrill.fakes.containers;

import org.testcontainers.utility.DockerImageName;

/** The images {@code containers/prepare.sh} builds; {@code :current} names the newest build of each. */
public final class LocalImages {
    public static final DockerImageName FAULT_PROXY = DockerImageName.parse("outage-drill/fault-proxy:current");
    public static final DockerImageName NGINX = DockerImageName.parse("outage-drill/nginx:current");
    public static final DockerImageName VARNISH = DockerImageName.parse("outage-drill/varnish:current");
    public static final DockerImageName S3PROXY = DockerImageName.parse("outage-drill/s3proxy:current");

    /** How to get an engine and the images, for skip messages and the one-line error of a containers run. */
    public static final String HOW_TO_PREPARE = "run containers/prepare.sh as root (installs and starts a Docker engine, "
            + "builds the images; docs/containers.md)";

    private LocalImages() {
    }
}
