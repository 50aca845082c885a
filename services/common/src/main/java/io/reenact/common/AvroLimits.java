package io.reenact.common;

import org.apache.avro.SystemLimitException;

/**
 * A garbage record may claim a 2 GB string, bytes or array; Avro allocates before it reads, so one
 * bad record could exhaust the heap. These caps (taken only where the operator set none) turn that
 * into a decode error. Avro reads them once, when it first checks a length: install before decoding.
 */
final class AvroLimits {

    static final int MAX_BYTES = 64 * 1024 * 1024;
    static final int MAX_STRING = 1024 * 1024;
    static final int MAX_COLLECTION_ITEMS = 16 * 1024 * 1024;

    private AvroLimits() {
    }

    static void install() {
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(value));
        }
    }
}
