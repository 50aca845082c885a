package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeadsMainTest {

    @Test
    void helpPrintsTheUsageInsteadOfWritingASheetCalledHelp() {
        HeadsMain.main(new String[] {"--help"});
        assertFalse(Files.exists(Path.of("--help")), "no contact sheet named after the option");
        assertFalse(Files.exists(Path.of("--help-truth.png")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadsMain.main(new String[] {"--sed", "3"}));
        assertTrue(e.getMessage().contains("usage"), e.getMessage());
    }
}
