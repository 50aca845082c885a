package io.reenact.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamIdsTest {

    @Test
    void namesThatAreSafeAsKeysFileNamesAndUrlsPassOthersDoNot() {
        for (String ok : new String[] {"webcam", "cam-1", "studio_2.main", "a".repeat(64)}) {
            assertTrue(StreamIds.valid(ok), ok);
        }
        for (String bad : new String[] {null, "", ".", "..", "a/b", "../etc", "cam 1", "cam%201", "a".repeat(65),
                "cam\n", "caméra", "<script>"}) {
            assertFalse(StreamIds.valid(bad), String.valueOf(bad));
        }
    }
}
