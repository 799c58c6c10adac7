package io.outagedrill.fakes.fault;

import java.io.IOException;

/**
 * One handler per fault family. The switch is the lookup: it is exhaustive over the sealed {@link Fault}, so a new
 * family does not compile until it has a handler here.
 */
final class FaultHandlers {
    /** One setting per target for the families that set one (link, name, certificate, page, replica): they stack. */
    private final Slots slots = new Slots();
    private final ToxicHandler toxics = new ToxicHandler(slots);
    private final HttpHandler http = new HttpHandler();
    private final SwapContentHandler swapContent = new SwapContentHandler();
    private final ResolverHandler dns = new ResolverHandler(slots);
    private final TlsHandler tls = new TlsHandler(slots);
    private final StatusPageHandler statusPages = new StatusPageHandler(slots);
    private final CacheFlushHandler cacheFlush = new CacheFlushHandler();
    private final ManifestHandler manifests = new ManifestHandler(slots);
    private final WrongFileMirrorHandler wrongFileMirror = new WrongFileMirrorHandler(slots);

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
