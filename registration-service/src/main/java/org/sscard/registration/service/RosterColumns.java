package org.sscard.registration.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns a roster may have, under their API names or the Chinese headings HR departments use. Unknown
 * columns are ignored; the required ones must be there, or the roster fails saying which are missing.
 */
final class RosterColumns {
    static final List<String> CANONICAL = List.of("name", "idNumber", "phone", "outletCode", "hiredOn", "category",
            "sex", "email", "language", "preferredChannel", "applicantId", "guardianName", "guardianIdNumber");
    static final List<String> REQUIRED = List.of("name", "idNumber", "phone", "outletCode");
    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        CANONICAL.forEach(c -> ALIASES.put(c.toLowerCase(Locale.ROOT), c));
        alias("name", "姓名");
        alias("idNumber", "身份证号", "身份证号码", "公民身份号码", "证件号码", "id_number", "id number");
        alias("phone", "手机号", "手机号码", "联系电话", "电话");
        alias("outletCode", "领卡网点", "网点", "网点编码", "outlet", "outlet_code");
        alias("hiredOn", "入职日期", "参加工作日期", "hired_on", "hire date");
        alias("category", "人员类别", "类别");
        alias("sex", "性别");
        alias("email", "邮箱", "电子邮箱");
        alias("language", "语言");
        alias("preferredChannel", "通知方式");
        alias("applicantId", "账号");
        alias("guardianName", "监护人姓名", "监护人", "guardian_name", "guardian name");
        alias("guardianIdNumber", "监护人身份证号", "监护人身份证号码", "监护人证件号码", "guardian_id_number",
                "guardian id number");
    }

    private static void alias(String canonical, String... names) {
        for (String n : names) {
            ALIASES.put(n.toLowerCase(Locale.ROOT), canonical);
        }
    }

    /** Column index of each known field in {@code header}; missing fields are absent. */
    static Map<String, Integer> map(List<String> header) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String canonical = ALIASES.get(header.get(i).trim().toLowerCase(Locale.ROOT));
            if (canonical != null) {
                index.putIfAbsent(canonical, i);
            }
        }
        return index;
    }

    static List<String> missingRequired(Map<String, Integer> index) {
        List<String> missing = new ArrayList<>();
        for (String r : REQUIRED) {
            if (!index.containsKey(r)) {
                missing.add(r);
            }
        }
        return missing;
    }

    private RosterColumns() {
    }
}
