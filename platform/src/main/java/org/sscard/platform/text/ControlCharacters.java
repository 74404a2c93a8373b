package org.sscard.platform.text;

/**
 * Control characters (C0 other than tab, line feed and carriage return; DEL; C1) have no place in names, numbers or
 * notes. The edge refuses them in requests and rosters, and strips them from what it writes back.
 */
public final class ControlCharacters {

    /** The index of the first control character in {@code s}, or -1. */
    public static int first(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} without its control characters. */
    public static String strip(String s) {
        if (s == null || first(s) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        s.chars().filter(c -> !isControl((char) c)).forEach(c -> b.append((char) c));
        return b.toString();
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }

    private ControlCharacters() {
    }
}
