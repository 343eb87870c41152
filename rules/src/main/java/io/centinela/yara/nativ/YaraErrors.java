package io.centinela.yara.nativ;

import java.util.Map;

/** libyara's ERROR_* names (libyara/include/yara/error.h, 4.2.3), for messages. */
public final class YaraErrors {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "ERROR_SUCCESS"),
            Map.entry(1, "ERROR_INSUFFICIENT_MEMORY"),
            Map.entry(2, "ERROR_COULD_NOT_ATTACH_TO_PROCESS"),
            Map.entry(3, "ERROR_COULD_NOT_OPEN_FILE"),
            Map.entry(4, "ERROR_COULD_NOT_MAP_FILE"),
            Map.entry(6, "ERROR_INVALID_FILE"),
            Map.entry(7, "ERROR_CORRUPT_FILE"),
            Map.entry(8, "ERROR_UNSUPPORTED_FILE_VERSION"),
            Map.entry(9, "ERROR_INVALID_REGULAR_EXPRESSION"),
            Map.entry(10, "ERROR_INVALID_HEX_STRING"),
            Map.entry(11, "ERROR_SYNTAX_ERROR"),
            Map.entry(12, "ERROR_LOOP_NESTING_LIMIT_EXCEEDED"),
            Map.entry(13, "ERROR_DUPLICATED_LOOP_IDENTIFIER"),
            Map.entry(14, "ERROR_DUPLICATED_IDENTIFIER"),
            Map.entry(15, "ERROR_DUPLICATED_TAG_IDENTIFIER"),
            Map.entry(16, "ERROR_DUPLICATED_META_IDENTIFIER"),
            Map.entry(17, "ERROR_DUPLICATED_STRING_IDENTIFIER"),
            Map.entry(18, "ERROR_UNREFERENCED_STRING"),
            Map.entry(19, "ERROR_UNDEFINED_STRING"),
            Map.entry(20, "ERROR_UNDEFINED_IDENTIFIER"),
            Map.entry(21, "ERROR_MISPLACED_ANONYMOUS_STRING"),
            Map.entry(22, "ERROR_INCLUDES_CIRCULAR_REFERENCE"),
            Map.entry(23, "ERROR_INCLUDE_DEPTH_EXCEEDED"),
            Map.entry(24, "ERROR_WRONG_TYPE"),
            Map.entry(25, "ERROR_EXEC_STACK_OVERFLOW"),
            Map.entry(26, "ERROR_SCAN_TIMEOUT"),
            Map.entry(27, "ERROR_TOO_MANY_SCAN_THREADS"),
            Map.entry(28, "ERROR_CALLBACK_ERROR"),
            Map.entry(29, "ERROR_INVALID_ARGUMENT"),
            Map.entry(30, "ERROR_TOO_MANY_MATCHES"),
            Map.entry(31, "ERROR_INTERNAL_FATAL_ERROR"),
            Map.entry(32, "ERROR_NESTED_FOR_OF_LOOP"),
            Map.entry(33, "ERROR_INVALID_FIELD_NAME"),
            Map.entry(34, "ERROR_UNKNOWN_MODULE"),
            Map.entry(35, "ERROR_NOT_A_STRUCTURE"),
            Map.entry(36, "ERROR_NOT_INDEXABLE"),
            Map.entry(37, "ERROR_NOT_A_FUNCTION"),
            Map.entry(38, "ERROR_INVALID_FORMAT"),
            Map.entry(39, "ERROR_TOO_MANY_ARGUMENTS"),
            Map.entry(40, "ERROR_WRONG_ARGUMENTS"),
            Map.entry(41, "ERROR_WRONG_RETURN_TYPE"),
            Map.entry(42, "ERROR_DUPLICATED_STRUCTURE_MEMBER"),
            Map.entry(43, "ERROR_EMPTY_STRING"),
            Map.entry(44, "ERROR_DIVISION_BY_ZERO"),
            Map.entry(45, "ERROR_REGULAR_EXPRESSION_TOO_LARGE"),
            Map.entry(46, "ERROR_TOO_MANY_RE_FIBERS"),
            Map.entry(47, "ERROR_COULD_NOT_READ_PROCESS_MEMORY"),
            Map.entry(48, "ERROR_INVALID_EXTERNAL_VARIABLE_TYPE"),
            Map.entry(49, "ERROR_REGULAR_EXPRESSION_TOO_COMPLEX"),
            Map.entry(50, "ERROR_INVALID_MODULE_NAME"),
            Map.entry(51, "ERROR_TOO_MANY_STRINGS"),
            Map.entry(52, "ERROR_INTEGER_OVERFLOW"),
            Map.entry(53, "ERROR_CALLBACK_REQUIRED"),
            Map.entry(54, "ERROR_INVALID_OPERAND"),
            Map.entry(55, "ERROR_COULD_NOT_READ_FILE"),
            Map.entry(56, "ERROR_DUPLICATED_EXTERNAL_VARIABLE"),
            Map.entry(57, "ERROR_INVALID_MODULE_DATA"),
            Map.entry(58, "ERROR_WRITING_FILE"),
            Map.entry(59, "ERROR_INVALID_MODIFIER"),
            Map.entry(60, "ERROR_DUPLICATED_MODIFIER"),
            Map.entry(61, "ERROR_BLOCK_NOT_READY"),
            Map.entry(62, "ERROR_INVALID_PERCENTAGE"),
            Map.entry(63, "ERROR_IDENTIFIER_MATCHES_WILDCARD"));

    private YaraErrors() {
    }

    /** {@code ERROR_SCAN_TIMEOUT} for 26; {@code ERROR_<code>} when unknown. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, "ERROR_" + code);
    }
}
