package org.sscard.review.domain;

import org.sscard.events.Payloads;

/**
 * The catalogue of reasons a reviewer may give, each with the words the applicant reads in Chinese and English
 * (domain.md: the reasons are told to the applicant).
 */
public enum ReasonCode {
    ID_NUMBER_INVALID("身份证号码无效或与证件不符", "The ID number is not valid or does not match the ID document"),
    ID_DOCUMENT_UNREADABLE("身份证件图像不清晰，无法辨认", "The image of the ID card cannot be read"),
    PHOTO_NOT_COMPLIANT("照片不符合要求：近期一寸白底免冠彩色照片，358×441像素", "The photo does not meet the specification: a recent one-inch bareheaded colour photo on white, 358 × 441 px"),
    MATERIALS_INCOMPLETE("申请材料不齐全", "Required materials are missing"),
    INFORMATION_MISMATCH("申请信息与证件信息不一致", "The details in the application do not match the documents"),
    DUPLICATE_APPLICATION("您已有在办申请或有效社保卡", "You already have an open application or a valid card"),
    GUARDIAN_MISSING("未满16周岁须由监护人申请并提供关系证明", "Applicants under 16 need a guardian and proof of the relationship"),
    NOT_ELIGIBLE("不符合本地社保卡申领条件", "Not eligible for a card in this region"),
    OTHER("其他原因，详见审核意见", "Another reason; see the reviewer's comment");

    private final String zh;
    private final String en;

    ReasonCode(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    public Payloads.Reason toReason() {
        return new Payloads.Reason(name(), zh, en);
    }

    public static boolean isKnown(String code) {
        for (ReasonCode c : values()) {
            if (c.name().equals(code)) {
                return true;
            }
        }
        return false;
    }
}
