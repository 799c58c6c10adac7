package io.outagedrill.fakes.manifest;

import io.outagedrill.client.manifest.Manifest;

/** One published version: the manifest and the compact JWS it was signed into once, at publish time. */
record Published(Manifest manifest, String jws) {
}
