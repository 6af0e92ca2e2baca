package dev.headroom.persistence;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Lossless, compact encoding of a block of samples ({@code NaN} = missing). Decoding returns
 * bit-identical doubles, including {@code -0.0} and non-canonical {@code NaN}s.
 *
 * <p>Layout: one flag byte, then (deflated when that is smaller) the sample count as a varint,
 * a presence bitmap when there are gaps, and the values. Utilisation in percent is almost always
 * recorded with two decimals, so when every present value is exactly {@code k / 100.0} for an
 * integer {@code k} the values are zig-zag varint deltas of {@code k} (one or two bytes per
 * sample); otherwise they are the raw IEEE bits, each XOR-ed with its predecessor so that
 * Deflate finds the shared sign, exponent and high mantissa bytes.
 */
public final class SeriesCodec {
    private static final int RAW = 1;
    private static final int GAPS = 2;
    private static final int DEFLATED = 4;
    private static final long CANONICAL_NAN = Double.doubleToRawLongBits(Double.NaN);

    private SeriesCodec() {
    }

    public static byte[] encode(double[] values) {
        boolean scaled = true;
        boolean gaps = false;
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            if (Double.isNaN(v)) {
                gaps = true;
                // only the canonical NaN can be rebuilt from a presence bit
                scaled &= bits == CANONICAL_NAN;
            } else {
                scaled &= Double.doubleToRawLongBits(Math.round(v * 100) / 100.0) == bits;
            }
        }
        Bytes body = new Bytes(values.length * (scaled ? 3 : 8) + 16);
        body.varint(values.length);
        int flags;
        if (scaled) {
            flags = gaps ? GAPS : 0;
            if (gaps) {
                body.bitmap(values);
            }
            long previous = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    long k = Math.round(v * 100);
                    long delta = k - previous;
                    body.varint((delta << 1) ^ (delta >> 63));
                    previous = k;
                }
            }
        } else {
            flags = RAW;
            long previous = 0;
            for (double v : values) {
                long bits = Double.doubleToRawLongBits(v);
                body.fixed64(bits ^ previous);
                previous = bits;
            }
        }
        byte[] plain = body.toArray();
        byte[] deflated = deflate(plain);
        boolean useDeflated = deflated.length < plain.length;
        byte[] payload = useDeflated ? deflated : plain;
        byte[] out = new byte[payload.length + 1];
        out[0] = (byte) (flags | (useDeflated ? DEFLATED : 0));
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    /**
     * @throws IllegalArgumentException when {@code data} was not produced by {@link #encode}
     */
    public static double[] decode(byte[] data) {
        if (data.length == 0 || (data[0] & ~(RAW | GAPS | DEFLATED)) != 0) {
            throw new IllegalArgumentException("not an encoded series block");
        }
        int flags = data[0];
        byte[] payload = Arrays.copyOfRange(data, 1, data.length);
        Reader in = new Reader((flags & DEFLATED) != 0 ? inflate(payload) : payload);
        int n = Math.toIntExact(in.varint());
        double[] values = new double[n];
        if ((flags & RAW) != 0) {
            long previous = 0;
            for (int i = 0; i < n; i++) {
                previous ^= in.fixed64();
                values[i] = Double.longBitsToDouble(previous);
            }
            return values;
        }
        boolean[] present = (flags & GAPS) != 0 ? in.bitmap(n) : null;
        long k = 0;
        for (int i = 0; i < n; i++) {
            if (present != null && !present[i]) {
                values[i] = Double.NaN;
                continue;
            }
            long zigzag = in.varint();
            k += (zigzag >>> 1) ^ -(zigzag & 1);
            values[i] = k / 100.0;
        }
        return values;
    }

    private static byte[] deflate(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
            byte[] buffer = new byte[Math.max(64, plain.length)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int read = inflater.inflate(buffer);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated series block");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("damaged series block: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static final class Bytes {
        private byte[] buf;
        private int size;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void fixed64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (v >>> shift);
            }
        }

        void bitmap(double[] values) {
            ensure((values.length + 7) / 8);
            for (int i = 0; i < values.length; i += 8) {
                int b = 0;
                for (int j = i; j < Math.min(i + 8, values.length); j++) {
                    if (!Double.isNaN(values[j])) {
                        b |= 1 << (j - i);
                    }
                }
                buf[size++] = (byte) b;
            }
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("damaged series block: varint too long");
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (next() & 0xFF);
            }
            return v;
        }

        boolean[] bitmap(int n) {
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i += 8) {
                int b = next() & 0xFF;
                for (int j = i; j < Math.min(i + 8, n); j++) {
                    present[j] = (b & (1 << (j - i))) != 0;
                }
            }
            return present;
        }

        private byte next() {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("truncated series block");
            }
            return buf[pos++];
        }
    }
}
