package io.outagedrill.reports.render;

import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.reports.model.GroupReport;
import io.outagedrill.reports.model.Regression;
import io.outagedrill.reports.model.Report;
import io.outagedrill.reports.model.ScenarioReport;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, the format every CI shows: one test suite per scenario × client × policy, one test case per SLO
 * verdict (a failed SLO is a failure whose message says expected and measured), and a "release gate" suite with one
 * failure per regression when a baseline was given. Written with StAX so every text is escaped correctly.
 */
public final class JunitXml {
    private JunitXml() {
    }

    public static void write(Report report, Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (Writer w = new XmlCharacters(text)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "outage drill");
            for (ScenarioReport s : report.scenarios()) {
                for (GroupReport g : s.groups()) {
                    suite(x, g);
                }
            }
            if (report.gate() != null) {
                gate(x, report.gate());
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write JUnit XML to " + file + ": " + e.getMessage(), e);
        }
        AtomicWrite.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Drops what XML 1.0 cannot hold at all, escaped or not: control characters other than tab, newline and carriage
     * return, which a client's message or a note can carry (an ESC from a terminal's colours). StAX writes them as
     * they are, and CI servers then refuse the whole file. Written by hand: StAX has no such filter.
     */
    private static final class XmlCharacters extends java.io.FilterWriter {
        XmlCharacters(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            if (allowed((char) c)) {
                out.write(c);
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(chars[i]);
            }
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(text.charAt(i));
            }
        }

        private static boolean allowed(char c) {
            return c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
        }
    }

    private static void suite(XMLStreamWriter x, GroupReport g) throws XMLStreamException {
        List<SloVerdict> verdicts = g.verdicts();
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", g.key());
        x.writeAttribute("tests", Integer.toString(verdicts.size()));
        x.writeAttribute("failures", Long.toString(verdicts.stream().filter(v -> !v.passed()).count()));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        String classname = (g.scenario() + "." + g.client() + "." + g.policy()).replaceAll("[^A-Za-z0-9_.-]", "_");
        for (SloVerdict v : verdicts) {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", classname);
            x.writeAttribute("name", v.slo());
            if (!v.passed()) {
                x.writeStartElement("failure");
                x.writeAttribute("type", "SloViolated");
                x.writeAttribute("message", "expected " + v.expected() + ", measured " + v.measured());
                x.writeCharacters("SLO " + v.slo() + "\nexpected: " + v.expected() + "\nmeasured: " + v.measured()
                        + "\njudged: " + v.judged() + " download(s)"
                        + (v.detail() == null || v.detail().isBlank() ? "" : "\nworst: " + v.detail()));
                x.writeEndElement();
            }
            x.writeEndElement();
        }
        if (!g.notes().isEmpty()) {
            // Where CI shows a suite's output: the steps not acted out, the limits hit, beside green verdicts.
            x.writeCharacters("\n    ");
            x.writeStartElement("system-out");
            x.writeCharacters("notes from the runs:\n" + String.join("\n", g.notes()));
            x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static void gate(XMLStreamWriter x, Report.Gate gate) throws XMLStreamException {
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "release gate (baseline " + gate.baseline() + ")");
        int tests = Math.max(1, gate.regressions().size());
        x.writeAttribute("tests", Integer.toString(tests));
        x.writeAttribute("failures", Integer.toString(gate.regressions().size()));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        if (gate.regressions().isEmpty()) {
            x.writeCharacters("\n    ");
            x.writeEmptyElement("testcase");
            x.writeAttribute("classname", "release-gate");
            x.writeAttribute("name", "no metric got worse than the baseline by more than the threshold");
        }
        for (Regression r : gate.regressions()) {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "release-gate");
            x.writeAttribute("name", r.group() + ": " + r.label());
            x.writeStartElement("failure");
            x.writeAttribute("type", "Regression");
            x.writeAttribute("message", r.description());
            x.writeCharacters(r.description());
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }
}
