package io.outagedrill.reports.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Parses generated markup with the JDK's XML parser, which also proves the SVG is well-formed. */
final class Xml {
    private Xml() {
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static List<Element> all(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    static List<Element> all(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** Every {@code <svg>...</svg>} in a page, as separate documents. */
    static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while ((from = html.indexOf("<svg ", from)) >= 0) {
            int end = html.indexOf("</svg>", from) + "</svg>".length();
            out.add(html.substring(from, end));
            from = end;
        }
        return out;
    }
}
