package org.sscard.notification.service;

import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words of each message, in Chinese and English. Placeholders: {masked} the masked ID number, {app} the
 * application id, {card} the masked card number, {outlet} the collection outlet, {reasons} the reasons in the
 * message's language, {comment} the reviewer's comment, {changed} the contact fields that changed, {related} the
 * masked number of the other card of a replacement.
 */
public final class MessageTemplates {
    public record Template(String titleZh, String bodyZh, String titleEn, String bodyEn) {
    }

    public record Rendered(String title, String body) {
    }

    /** Not an event: the periodic digest of an employer's staff cards that became ready for collection. */
    public static final String EMPLOYER_CARDS_READY = "EmployerCardsReady";

    public static final Map<String, Template> TEMPLATES = Map.ofEntries(
            Map.entry(EventTypes.APPLICATION_WITHDRAWN, new Template(
                    "社保卡申请已撤回", "您的社会保障卡申请（证件号 {masked}）已撤回。如需办卡，可重新申请。",
                    "Application withdrawn", "Your social security card application (ID {masked}) was withdrawn. You may apply again at any time.")),
            Map.entry(EventTypes.SUPPLEMENT_PROVIDED, new Template(
                    "补充材料已收到", "已收到您为社会保障卡申请（证件号 {masked}）补充的材料，我们将重新审核。",
                    "Materials received", "We have received the materials for your application (ID {masked}) and will review it again.")),
            Map.entry(EventTypes.CONTACT_CHANGED, new Template(
                    "联系方式已更新", "您的社会保障卡申请（证件号 {masked}）的联系方式已更新（{changed}），今后的通知将发往新的联系方式。如非本人操作，请尽快携带身份证件到网点处理。",
                    "Contact details changed", "The contact details of your social security card application (ID {masked}) were changed ({changed}); messages now go to the new details. If you did not make this change, please visit an outlet with your ID soon.")),
            Map.entry(EventTypes.CARD_ACTIVATED, new Template(
                    "社保卡已激活", "您的社会保障卡（卡号 {card}）已激活社保功能。如非本人操作，请立即挂失。",
                    "Card activated", "Your social security card ({card}) is now active. If you did not activate it, report it lost at once.")),
            Map.entry(EventTypes.CARD_PIN_SET, new Template(
                    "社保卡密码已设置", "您的社会保障卡（卡号 {card}）的密码已设置或重置。如非本人操作，请立即携带身份证件到网点处理。",
                    "Card PIN set", "The PIN of your social security card ({card}) was set or reset. If this was not you, visit an outlet with your ID at once.")),
            Map.entry(EventTypes.CARD_UNLOCKED, new Template(
                    "社保卡已解锁", "您的社会保障卡（卡号 {card}）已解锁，可以正常使用。",
                    "Card unlocked", "Your social security card ({card}) is unlocked and can be used again.")),
            Map.entry(EventTypes.CARD_LOSS_LIFTED, new Template(
                    "社保卡挂失已解除", "您的社会保障卡（卡号 {card}）的挂失已解除，可以正常使用。",
                    "Loss report lifted", "The loss report on your social security card ({card}) is lifted; the card can be used again.")),
            Map.entry(EventTypes.CARD_REPLACEMENT_REQUESTED, new Template(
                    "补换卡已受理", "您的社会保障卡（卡号 {card}）的补换卡申请已受理，新卡卡号 {related}。新卡制作完成后将通知您领取。",
                    "Replacement ordered", "A replacement for your social security card ({card}) is ordered: the new card is {related}. We will tell you when it is ready to collect.")),
            Map.entry(EventTypes.CARD_SUPERSEDED, new Template(
                    "原社保卡已停用", "您的新社会保障卡（卡号 {related}）已启用，原卡（卡号 {card}）已停止使用。",
                    "Old card retired", "Your new social security card ({related}) is in use; the old card ({card}) no longer works.")),
            Map.entry(EventTypes.CARD_CANCELLED, new Template(
                    "社保卡已注销", "您的社会保障卡（卡号 {card}）已注销。如有疑问，请携带身份证件到网点咨询。",
                    "Card cancelled", "Your social security card ({card}) is cancelled. If you have questions, visit an outlet with your ID.")),
            Map.entry(EventTypes.ELECTRONIC_CARD_ISSUED, new Template(
                    "电子社保卡已签发", "您的电子社会保障卡已签发，与实体卡（卡号 {card}）关联，可在手机上出示使用。",
                    "Electronic card issued", "Your electronic social security card is issued, linked to your card ({card}); show it on your phone.")),
            Map.entry(EventTypes.CARD_COLLECTION_REMINDER, new Template(
                    "请尽快领取社保卡", "您的社会保障卡（卡号 {card}）正在网点 {outlet} 等候领取，请于 {until} 前携带本人有效身份证件领取，逾期将退回发卡机构。",
                    "Please collect your card", "Your social security card ({card}) is waiting at outlet {outlet}. Please collect it with your valid ID before {until}; after that it goes back to the issuing centre.")),
            Map.entry(EventTypes.CARD_RETURNED, new Template(
                    "社保卡已退回发卡机构", "您的社会保障卡（卡号 {card}）长期未领取，已退回发卡机构。如需领取，可在线申请重新送到网点 {outlet}。",
                    "Card returned to the issuing centre", "Your social security card ({card}) was not collected and has gone back to the issuing centre. You can ask online for it to be sent to outlet {outlet} again.")),
            Map.entry(EventTypes.CARD_EXPIRING, new Template(
                    "社保卡即将到期", "您的社会保障卡（卡号 {card}）将于 {until} 到期，请在到期前携带身份证件到网点办理换卡。",
                    "Card expiring", "Your social security card ({card}) expires on {until}. Please exchange it at an outlet before then, bringing your ID.")),
            Map.entry(EventTypes.CARD_REPORTED_LOST, new Template(
                    "社保卡挂失已受理", "您的社会保障卡（卡号 {card}）已挂失。临时挂失将于 {until} 自动解除；如已找回，可提前解除挂失。",
                    "Card reported lost", "Your social security card ({card}) is reported lost. A temporary loss report lifts itself on {until}; lift it earlier if you find the card.")),
            Map.entry(EventTypes.CARD_LOCKED, new Template(
                    "社保卡已锁定", "您的社会保障卡（卡号 {card}）因密码连续输错已锁定，请携带社保卡和身份证件到网点重置密码。",
                    "Card locked", "Your social security card ({card}) is locked after too many wrong PINs. Reset the PIN at an outlet with the card and your ID.")),
            Map.entry(EventTypes.APPLICATION_SUBMITTED, new Template(
                    "社保卡申请已受理", "您的社会保障卡申请已受理（证件号 {masked}），申请编号 {app}。我们将尽快审核。",
                    "Application received", "We have received your social security card application (ID {masked}), reference {app}. It will be reviewed shortly.")),
            Map.entry(EventTypes.APPLICATION_APPROVED, new Template(
                    "社保卡申请已通过审核", "您的社会保障卡申请（证件号 {masked}）已审核通过，正在制卡。",
                    "Application approved", "Your social security card application (ID {masked}) was approved; your card is being made.")),
            Map.entry(EventTypes.APPLICATION_REJECTED, new Template(
                    "社保卡申请未通过审核", "很抱歉，您的社会保障卡申请（证件号 {masked}）未通过审核。原因：{reasons}。{comment}",
                    "Application not approved", "We are sorry: your social security card application (ID {masked}) was not approved. Reasons: {reasons}. {comment}")),
            Map.entry(EventTypes.SUPPLEMENT_REQUESTED, new Template(
                    "请补充申请材料", "您的社会保障卡申请（证件号 {masked}）需要补充材料：{reasons}。{comment}",
                    "More materials needed", "Your social security card application (ID {masked}) needs more materials: {reasons}. {comment}")),
            Map.entry(EventTypes.CARD_READY_FOR_COLLECTION, new Template(
                    "社保卡可以领取", "您的社会保障卡（卡号 {card}）已制作完成，请携带本人有效身份证件到网点 {outlet} 领取。",
                    "Card ready for collection", "Your social security card ({card}) is ready. Please collect it at outlet {outlet} and bring your valid ID.")),
            Map.entry(EventTypes.ROSTER_PROCESSED, new Template(
                    "花名册已处理", "贵单位上传的花名册已处理完毕（{status}）：共 {total} 行，受理 {accepted} 人，未受理 {rejected} 行，"
                            + "已有申请或社保卡 {registered} 人，逾期登记 {late} 人。未受理的行可下载修改后重新上传：{link}",
                    "Roster processed", "Your roster has been processed ({status}): {total} rows, {accepted} accepted, "
                            + "{rejected} rejected, {registered} already registered, {late} registered late. Download the "
                            + "rejected rows to fix and upload again: {link}")),
            Map.entry(EMPLOYER_CARDS_READY, new Template(
                    "员工社保卡可以领取", "贵单位 {count} 名员工的社会保障卡已制作完成，可由单位到网点 {outlet} 统一领取。",
                    "Staff cards ready", "{count} social security cards of your staff are ready; the unit may collect them "
                            + "at outlet {outlet}.")),
            Map.entry(EventTypes.CARD_COLLECTED, new Template(
                    "社保卡已领取", "您的社会保障卡（卡号 {card}）已在网点 {outlet} 领取。请尽快激活社保功能并设置密码。",
                    "Card collected", "Your social security card ({card}) was collected at outlet {outlet}. Please activate it and set a PIN.")));

    public static boolean hasTemplate(String eventType) {
        return TEMPLATES.containsKey(eventType);
    }

    /** The placeholders a template may use. */
    public static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("masked", "app", "card", "outlet",
            "reasons", "comment", "until", "status", "total", "accepted", "rejected", "registered", "late", "link", "count",
            "changed", "related");

    /** Values a preview uses where the caller gives none; all of them already masked, as in real messages. */
    public static final Map<String, String> SAMPLE = Map.ofEntries(Map.entry("masked", "110***********002X"),
            Map.entry("app", "6cb05213-ac49-4c15-a6fe-6a409b9dd024"), Map.entry("card", "AB*****9E"),
            Map.entry("outlet", "110105-001"),
            Map.entry("reasons", "照片不符合要求 / The photo does not meet the specification"), Map.entry("comment", ""),
            Map.entry("until", "2026-12-01"), Map.entry("status", "COMPLETED"), Map.entry("total", "1200"),
            Map.entry("accepted", "1180"), Map.entry("rejected", "20"), Map.entry("registered", "0"),
            Map.entry("late", "3"), Map.entry("link", "/api/v1/rosters/6cb05213-ac49-4c15-a6fe-6a409b9dd024/rejected-rows"),
            Map.entry("count", "25"), Map.entry("changed", "phone, language"),
            Map.entry("related", "CD*****21"));

    /** The default words, which become version 1 of each template. */
    public static Rendered defaults(String eventType, String language) {
        Template t = TEMPLATES.get(eventType);
        boolean en = "en".equals(language);
        return new Rendered(en ? t.titleEn() : t.titleZh(), en ? t.bodyEn() : t.bodyZh());
    }

    /**
     * Fills the placeholders of {@code body}; unknown or empty ones disappear. Written by hand rather than with Qute
     * on purpose: admins edit these templates at run time, and plain substitution of a closed list of placeholders
     * lets their text do nothing else, where a template engine would make it an expression language.
     */
    public static Rendered fill(String title, String body, Map<String, String> values) {
        for (Map.Entry<String, String> v : values.entrySet()) {
            String value = v.getValue() == null ? "" : v.getValue();
            title = title.replace("{" + v.getKey() + "}", value);
            body = body.replace("{" + v.getKey() + "}", value);
        }
        return new Rendered(title.replaceAll("\\{[a-z]+}", "").trim(), body.replaceAll("\\{[a-z]+}", "").trim());
    }

    /** Placeholders in {@code text} that are not in {@link #PLACEHOLDERS}. */
    public static java.util.List<String> unknownPlaceholders(String text) {
        java.util.List<String> unknown = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]*)}").matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add(m.group(0));
            }
        }
        return unknown;
    }

    public static String reasons(List<Payloads.Reason> reasons, String language) {
        if (reasons == null || reasons.isEmpty()) {
            return "";
        }
        String sep = "en".equals(language) ? "; " : "；";
        return reasons.stream().map(r -> "en".equals(language) ? r.messageEn() : r.messageZh())
                .collect(Collectors.joining(sep));
    }

    /** First two and last two characters of a card number: {@code A1*****9E}. */
    public static String maskCard(String cardNumber) {
        if (cardNumber == null || cardNumber.length() < 5) {
            return "*****";
        }
        return cardNumber.substring(0, 2) + "*".repeat(cardNumber.length() - 4) + cardNumber.substring(cardNumber.length() - 2);
    }

    private MessageTemplates() {
    }
}
