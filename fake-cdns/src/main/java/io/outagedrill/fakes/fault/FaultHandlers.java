package io.outagedrill.fakes.fault;

import java.io.IOException;

/**
 * One handler per fault family. The switch is the lookup: it is exhaustive over the sealed {@link Fault}, so a new
 * family does not compile until it has a handler here.
 */
final class FaultHandlers {
    private final ToxicHandler toxics = new ToxicHandler();
    private final HttpHandler http = new HttpHandler();
    private final SwapContentHandler swapContent = new SwapContentHandler();
    private final ResolverHandler dns = new ResolverHandler();
    private final TlsHandler tls = new TlsHandler();
    private final StatusPageHandler statusPages = new StatusPageHandler();
    private final CacheFlushHandler cacheFlush = new CacheFlushHandler();
    private final ManifestHandler manifests = new ManifestHandler();
    private final WrongFileMirrorHandler wrongFileMirror = new WrongFileMirrorHandler();

    Undo apply(Fault fault, FaultContext context) throws IOException, InterruptedException {
        return switch (fault) {
            case NetworkFault f -> toxics.apply(f, context);
            case HttpFault f -> http.apply(f, context);
            case SwapContentFault f -> swapContent.apply(f, context);
            case ResolverFault f -> dns.apply(f, context);
            case TlsFault f -> tls.apply(f, context);
            case StatusPageFault f -> statusPages.apply(f, context);
            case CacheFlushFault f -> cacheFlush.apply(f, context);
            case ManifestFault f -> manifests.apply(f, context);
            case WrongFileMirrorFault f -> wrongFileMirror.apply(f, context);
        };
    }

}
