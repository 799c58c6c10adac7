package io.outagedrill.fakes.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS message in, the world's answer out, whatever carries them ({@link LoopbackNameServer} over UDP,
 * {@link DohServer} over HTTPS): A queries answered as a {@link FaultyResolver} does (SERVFAIL and NXDOMAIN as their
 * RCODEs, an empty answer as NOERROR with no record, a slow answer late, a stale address as the answer), each record
 * with the TTL the resolver has for the name. dnsjava reads and writes the messages.
 *
 * <p>Every other query type gets the same RCODE with no record (the world has IPv4 loopback addresses only); a
 * query that does not parse gets no answer (a real server drops it), nor does a response sent as a query; another
 * opcode than QUERY gets NOTIMP, and a query with other than one question FORMERR.
 */
final class NameServerAnswers {
    private final FaultyResolver resolver;

    NameServerAnswers(FaultyResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The answer to {@code wire} in wire format, at most {@code maxLength} bytes (cut with the TC flag beyond, as over
     * UDP), or null when the message gets none. Blocks for as long as a slow fault holds the name.
     */
    byte[] answer(byte[] wire, int maxLength) {
        Message response = respond(wire);
        return response == null ? null : response.toWire(maxLength);
    }

    /** {@link #answer} as a message, or null when {@code wire} gets none. */
    Message respond(byte[] wire) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException unreadable) {
            return null;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null; // a response, not a query: answering it could start two servers talking to each other forever
        }
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP); // NOTIFY, UPDATE...: not a lookup, nothing done
        } else if (query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR); // one question a query (RFC 9619), as real servers say
        } else {
            response.getHeader().setFlag(Flags.AA);
            response.addRecord(question, Section.QUESTION);
            answerQuestion(question, response);
        }
        return response;
    }

    /**
     * The name's fate, whatever the type asked: a name with no such domain, or whose server fails, is so for AAAA too
     * (a client that asks AAAA first, as aria2c does, must see the SERVFAIL, not an empty answer), and a slow fault
     * holds every query for it. Only A queries get records: the world has IPv4 loopback addresses only.
     */
    private void answerQuestion(Record question, Message response) {
        if (question.getDClass() != DClass.IN) {
            return;
        }
        String host = question.getName().toString(true).toLowerCase(Locale.ROOT);
        try {
            List<InetAddress> addresses = resolver.lookup(host);
            if (question.getType() != Type.A) {
                return; // the name exists: NOERROR, no record of this type
            }
            // At most 2^31 - 1 (RFC 2181 §8), which dnsjava's records require: a larger one threw for every answer.
            long ttl = Math.min(resolver.ttl(host).toSeconds(), Integer.MAX_VALUE);
            for (InetAddress address : addresses) {
                if (address instanceof Inet4Address) {
                    response.addRecord(new ARecord(question.getName(), DClass.IN, ttl, address), Section.ANSWER);
                }
            }
        } catch (FaultyResolver.NegativeAnswer negative) {
            response.getHeader().setRcode(switch (negative.kind()) {
                case NXDOMAIN -> Rcode.NXDOMAIN;
                case SERVFAIL -> Rcode.SERVFAIL;
                case EMPTY -> Rcode.NOERROR;
            });
        } catch (UnknownHostException other) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
    }
}
