// A choice enum has at most 255 variants.
use careconnect_models::rt::Primitive;

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
enum TagValue {
    #[fhir(type = "t0")]
    T0(Primitive<String>),
    #[fhir(type = "t1")]
    T1(Primitive<String>),
    #[fhir(type = "t2")]
    T2(Primitive<String>),
    #[fhir(type = "t3")]
    T3(Primitive<String>),
    #[fhir(type = "t4")]
    T4(Primitive<String>),
    #[fhir(type = "t5")]
    T5(Primitive<String>),
    #[fhir(type = "t6")]
    T6(Primitive<String>),
    #[fhir(type = "t7")]
    T7(Primitive<String>),
    #[fhir(type = "t8")]
    T8(Primitive<String>),
    #[fhir(type = "t9")]
    T9(Primitive<String>),
    #[fhir(type = "t10")]
    T10(Primitive<String>),
    #[fhir(type = "t11")]
    T11(Primitive<String>),
    #[fhir(type = "t12")]
    T12(Primitive<String>),
    #[fhir(type = "t13")]
    T13(Primitive<String>),
    #[fhir(type = "t14")]
    T14(Primitive<String>),
    #[fhir(type = "t15")]
    T15(Primitive<String>),
    #[fhir(type = "t16")]
    T16(Primitive<String>),
    #[fhir(type = "t17")]
    T17(Primitive<String>),
    #[fhir(type = "t18")]
    T18(Primitive<String>),
    #[fhir(type = "t19")]
    T19(Primitive<String>),
    #[fhir(type = "t20")]
    T20(Primitive<String>),
    #[fhir(type = "t21")]
    T21(Primitive<String>),
    #[fhir(type = "t22")]
    T22(Primitive<String>),
    #[fhir(type = "t23")]
    T23(Primitive<String>),
    #[fhir(type = "t24")]
    T24(Primitive<String>),
    #[fhir(type = "t25")]
    T25(Primitive<String>),
    #[fhir(type = "t26")]
    T26(Primitive<String>),
    #[fhir(type = "t27")]
    T27(Primitive<String>),
    #[fhir(type = "t28")]
    T28(Primitive<String>),
    #[fhir(type = "t29")]
    T29(Primitive<String>),
    #[fhir(type = "t30")]
    T30(Primitive<String>),
    #[fhir(type = "t31")]
    T31(Primitive<String>),
    #[fhir(type = "t32")]
    T32(Primitive<String>),
    #[fhir(type = "t33")]
    T33(Primitive<String>),
    #[fhir(type = "t34")]
    T34(Primitive<String>),
    #[fhir(type = "t35")]
    T35(Primitive<String>),
    #[fhir(type = "t36")]
    T36(Primitive<String>),
    #[fhir(type = "t37")]
    T37(Primitive<String>),
    #[fhir(type = "t38")]
    T38(Primitive<String>),
    #[fhir(type = "t39")]
    T39(Primitive<String>),
    #[fhir(type = "t40")]
    T40(Primitive<String>),
    #[fhir(type = "t41")]
    T41(Primitive<String>),
    #[fhir(type = "t42")]
    T42(Primitive<String>),
    #[fhir(type = "t43")]
    T43(Primitive<String>),
    #[fhir(type = "t44")]
    T44(Primitive<String>),
    #[fhir(type = "t45")]
    T45(Primitive<String>),
    #[fhir(type = "t46")]
    T46(Primitive<String>),
    #[fhir(type = "t47")]
    T47(Primitive<String>),
    #[fhir(type = "t48")]
    T48(Primitive<String>),
    #[fhir(type = "t49")]
    T49(Primitive<String>),
    #[fhir(type = "t50")]
    T50(Primitive<String>),
    #[fhir(type = "t51")]
    T51(Primitive<String>),
    #[fhir(type = "t52")]
    T52(Primitive<String>),
    #[fhir(type = "t53")]
    T53(Primitive<String>),
    #[fhir(type = "t54")]
    T54(Primitive<String>),
    #[fhir(type = "t55")]
    T55(Primitive<String>),
    #[fhir(type = "t56")]
    T56(Primitive<String>),
    #[fhir(type = "t57")]
    T57(Primitive<String>),
    #[fhir(type = "t58")]
    T58(Primitive<String>),
    #[fhir(type = "t59")]
    T59(Primitive<String>),
    #[fhir(type = "t60")]
    T60(Primitive<String>),
    #[fhir(type = "t61")]
    T61(Primitive<String>),
    #[fhir(type = "t62")]
    T62(Primitive<String>),
    #[fhir(type = "t63")]
    T63(Primitive<String>),
    #[fhir(type = "t64")]
    T64(Primitive<String>),
    #[fhir(type = "t65")]
    T65(Primitive<String>),
    #[fhir(type = "t66")]
    T66(Primitive<String>),
    #[fhir(type = "t67")]
    T67(Primitive<String>),
    #[fhir(type = "t68")]
    T68(Primitive<String>),
    #[fhir(type = "t69")]
    T69(Primitive<String>),
    #[fhir(type = "t70")]
    T70(Primitive<String>),
    #[fhir(type = "t71")]
    T71(Primitive<String>),
    #[fhir(type = "t72")]
    T72(Primitive<String>),
    #[fhir(type = "t73")]
    T73(Primitive<String>),
    #[fhir(type = "t74")]
    T74(Primitive<String>),
    #[fhir(type = "t75")]
    T75(Primitive<String>),
    #[fhir(type = "t76")]
    T76(Primitive<String>),
    #[fhir(type = "t77")]
    T77(Primitive<String>),
    #[fhir(type = "t78")]
    T78(Primitive<String>),
    #[fhir(type = "t79")]
    T79(Primitive<String>),
    #[fhir(type = "t80")]
    T80(Primitive<String>),
    #[fhir(type = "t81")]
    T81(Primitive<String>),
    #[fhir(type = "t82")]
    T82(Primitive<String>),
    #[fhir(type = "t83")]
    T83(Primitive<String>),
    #[fhir(type = "t84")]
    T84(Primitive<String>),
    #[fhir(type = "t85")]
    T85(Primitive<String>),
    #[fhir(type = "t86")]
    T86(Primitive<String>),
    #[fhir(type = "t87")]
    T87(Primitive<String>),
    #[fhir(type = "t88")]
    T88(Primitive<String>),
    #[fhir(type = "t89")]
    T89(Primitive<String>),
    #[fhir(type = "t90")]
    T90(Primitive<String>),
    #[fhir(type = "t91")]
    T91(Primitive<String>),
    #[fhir(type = "t92")]
    T92(Primitive<String>),
    #[fhir(type = "t93")]
    T93(Primitive<String>),
    #[fhir(type = "t94")]
    T94(Primitive<String>),
    #[fhir(type = "t95")]
    T95(Primitive<String>),
    #[fhir(type = "t96")]
    T96(Primitive<String>),
    #[fhir(type = "t97")]
    T97(Primitive<String>),
    #[fhir(type = "t98")]
    T98(Primitive<String>),
    #[fhir(type = "t99")]
    T99(Primitive<String>),
    #[fhir(type = "t100")]
    T100(Primitive<String>),
    #[fhir(type = "t101")]
    T101(Primitive<String>),
    #[fhir(type = "t102")]
    T102(Primitive<String>),
    #[fhir(type = "t103")]
    T103(Primitive<String>),
    #[fhir(type = "t104")]
    T104(Primitive<String>),
    #[fhir(type = "t105")]
    T105(Primitive<String>),
    #[fhir(type = "t106")]
    T106(Primitive<String>),
    #[fhir(type = "t107")]
    T107(Primitive<String>),
    #[fhir(type = "t108")]
    T108(Primitive<String>),
    #[fhir(type = "t109")]
    T109(Primitive<String>),
    #[fhir(type = "t110")]
    T110(Primitive<String>),
    #[fhir(type = "t111")]
    T111(Primitive<String>),
    #[fhir(type = "t112")]
    T112(Primitive<String>),
    #[fhir(type = "t113")]
    T113(Primitive<String>),
    #[fhir(type = "t114")]
    T114(Primitive<String>),
    #[fhir(type = "t115")]
    T115(Primitive<String>),
    #[fhir(type = "t116")]
    T116(Primitive<String>),
    #[fhir(type = "t117")]
    T117(Primitive<String>),
    #[fhir(type = "t118")]
    T118(Primitive<String>),
    #[fhir(type = "t119")]
    T119(Primitive<String>),
    #[fhir(type = "t120")]
    T120(Primitive<String>),
    #[fhir(type = "t121")]
    T121(Primitive<String>),
    #[fhir(type = "t122")]
    T122(Primitive<String>),
    #[fhir(type = "t123")]
    T123(Primitive<String>),
    #[fhir(type = "t124")]
    T124(Primitive<String>),
    #[fhir(type = "t125")]
    T125(Primitive<String>),
    #[fhir(type = "t126")]
    T126(Primitive<String>),
    #[fhir(type = "t127")]
    T127(Primitive<String>),
    #[fhir(type = "t128")]
    T128(Primitive<String>),
    #[fhir(type = "t129")]
    T129(Primitive<String>),
    #[fhir(type = "t130")]
    T130(Primitive<String>),
    #[fhir(type = "t131")]
    T131(Primitive<String>),
    #[fhir(type = "t132")]
    T132(Primitive<String>),
    #[fhir(type = "t133")]
    T133(Primitive<String>),
    #[fhir(type = "t134")]
    T134(Primitive<String>),
    #[fhir(type = "t135")]
    T135(Primitive<String>),
    #[fhir(type = "t136")]
    T136(Primitive<String>),
    #[fhir(type = "t137")]
    T137(Primitive<String>),
    #[fhir(type = "t138")]
    T138(Primitive<String>),
    #[fhir(type = "t139")]
    T139(Primitive<String>),
    #[fhir(type = "t140")]
    T140(Primitive<String>),
    #[fhir(type = "t141")]
    T141(Primitive<String>),
    #[fhir(type = "t142")]
    T142(Primitive<String>),
    #[fhir(type = "t143")]
    T143(Primitive<String>),
    #[fhir(type = "t144")]
    T144(Primitive<String>),
    #[fhir(type = "t145")]
    T145(Primitive<String>),
    #[fhir(type = "t146")]
    T146(Primitive<String>),
    #[fhir(type = "t147")]
    T147(Primitive<String>),
    #[fhir(type = "t148")]
    T148(Primitive<String>),
    #[fhir(type = "t149")]
    T149(Primitive<String>),
    #[fhir(type = "t150")]
    T150(Primitive<String>),
    #[fhir(type = "t151")]
    T151(Primitive<String>),
    #[fhir(type = "t152")]
    T152(Primitive<String>),
    #[fhir(type = "t153")]
    T153(Primitive<String>),
    #[fhir(type = "t154")]
    T154(Primitive<String>),
    #[fhir(type = "t155")]
    T155(Primitive<String>),
    #[fhir(type = "t156")]
    T156(Primitive<String>),
    #[fhir(type = "t157")]
    T157(Primitive<String>),
    #[fhir(type = "t158")]
    T158(Primitive<String>),
    #[fhir(type = "t159")]
    T159(Primitive<String>),
    #[fhir(type = "t160")]
    T160(Primitive<String>),
    #[fhir(type = "t161")]
    T161(Primitive<String>),
    #[fhir(type = "t162")]
    T162(Primitive<String>),
    #[fhir(type = "t163")]
    T163(Primitive<String>),
    #[fhir(type = "t164")]
    T164(Primitive<String>),
    #[fhir(type = "t165")]
    T165(Primitive<String>),
    #[fhir(type = "t166")]
    T166(Primitive<String>),
    #[fhir(type = "t167")]
    T167(Primitive<String>),
    #[fhir(type = "t168")]
    T168(Primitive<String>),
    #[fhir(type = "t169")]
    T169(Primitive<String>),
    #[fhir(type = "t170")]
    T170(Primitive<String>),
    #[fhir(type = "t171")]
    T171(Primitive<String>),
    #[fhir(type = "t172")]
    T172(Primitive<String>),
    #[fhir(type = "t173")]
    T173(Primitive<String>),
    #[fhir(type = "t174")]
    T174(Primitive<String>),
    #[fhir(type = "t175")]
    T175(Primitive<String>),
    #[fhir(type = "t176")]
    T176(Primitive<String>),
    #[fhir(type = "t177")]
    T177(Primitive<String>),
    #[fhir(type = "t178")]
    T178(Primitive<String>),
    #[fhir(type = "t179")]
    T179(Primitive<String>),
    #[fhir(type = "t180")]
    T180(Primitive<String>),
    #[fhir(type = "t181")]
    T181(Primitive<String>),
    #[fhir(type = "t182")]
    T182(Primitive<String>),
    #[fhir(type = "t183")]
    T183(Primitive<String>),
    #[fhir(type = "t184")]
    T184(Primitive<String>),
    #[fhir(type = "t185")]
    T185(Primitive<String>),
    #[fhir(type = "t186")]
    T186(Primitive<String>),
    #[fhir(type = "t187")]
    T187(Primitive<String>),
    #[fhir(type = "t188")]
    T188(Primitive<String>),
    #[fhir(type = "t189")]
    T189(Primitive<String>),
    #[fhir(type = "t190")]
    T190(Primitive<String>),
    #[fhir(type = "t191")]
    T191(Primitive<String>),
    #[fhir(type = "t192")]
    T192(Primitive<String>),
    #[fhir(type = "t193")]
    T193(Primitive<String>),
    #[fhir(type = "t194")]
    T194(Primitive<String>),
    #[fhir(type = "t195")]
    T195(Primitive<String>),
    #[fhir(type = "t196")]
    T196(Primitive<String>),
    #[fhir(type = "t197")]
    T197(Primitive<String>),
    #[fhir(type = "t198")]
    T198(Primitive<String>),
    #[fhir(type = "t199")]
    T199(Primitive<String>),
    #[fhir(type = "t200")]
    T200(Primitive<String>),
    #[fhir(type = "t201")]
    T201(Primitive<String>),
    #[fhir(type = "t202")]
    T202(Primitive<String>),
    #[fhir(type = "t203")]
    T203(Primitive<String>),
    #[fhir(type = "t204")]
    T204(Primitive<String>),
    #[fhir(type = "t205")]
    T205(Primitive<String>),
    #[fhir(type = "t206")]
    T206(Primitive<String>),
    #[fhir(type = "t207")]
    T207(Primitive<String>),
    #[fhir(type = "t208")]
    T208(Primitive<String>),
    #[fhir(type = "t209")]
    T209(Primitive<String>),
    #[fhir(type = "t210")]
    T210(Primitive<String>),
    #[fhir(type = "t211")]
    T211(Primitive<String>),
    #[fhir(type = "t212")]
    T212(Primitive<String>),
    #[fhir(type = "t213")]
    T213(Primitive<String>),
    #[fhir(type = "t214")]
    T214(Primitive<String>),
    #[fhir(type = "t215")]
    T215(Primitive<String>),
    #[fhir(type = "t216")]
    T216(Primitive<String>),
    #[fhir(type = "t217")]
    T217(Primitive<String>),
    #[fhir(type = "t218")]
    T218(Primitive<String>),
    #[fhir(type = "t219")]
    T219(Primitive<String>),
    #[fhir(type = "t220")]
    T220(Primitive<String>),
    #[fhir(type = "t221")]
    T221(Primitive<String>),
    #[fhir(type = "t222")]
    T222(Primitive<String>),
    #[fhir(type = "t223")]
    T223(Primitive<String>),
    #[fhir(type = "t224")]
    T224(Primitive<String>),
    #[fhir(type = "t225")]
    T225(Primitive<String>),
    #[fhir(type = "t226")]
    T226(Primitive<String>),
    #[fhir(type = "t227")]
    T227(Primitive<String>),
    #[fhir(type = "t228")]
    T228(Primitive<String>),
    #[fhir(type = "t229")]
    T229(Primitive<String>),
    #[fhir(type = "t230")]
    T230(Primitive<String>),
    #[fhir(type = "t231")]
    T231(Primitive<String>),
    #[fhir(type = "t232")]
    T232(Primitive<String>),
    #[fhir(type = "t233")]
    T233(Primitive<String>),
    #[fhir(type = "t234")]
    T234(Primitive<String>),
    #[fhir(type = "t235")]
    T235(Primitive<String>),
    #[fhir(type = "t236")]
    T236(Primitive<String>),
    #[fhir(type = "t237")]
    T237(Primitive<String>),
    #[fhir(type = "t238")]
    T238(Primitive<String>),
    #[fhir(type = "t239")]
    T239(Primitive<String>),
    #[fhir(type = "t240")]
    T240(Primitive<String>),
    #[fhir(type = "t241")]
    T241(Primitive<String>),
    #[fhir(type = "t242")]
    T242(Primitive<String>),
    #[fhir(type = "t243")]
    T243(Primitive<String>),
    #[fhir(type = "t244")]
    T244(Primitive<String>),
    #[fhir(type = "t245")]
    T245(Primitive<String>),
    #[fhir(type = "t246")]
    T246(Primitive<String>),
    #[fhir(type = "t247")]
    T247(Primitive<String>),
    #[fhir(type = "t248")]
    T248(Primitive<String>),
    #[fhir(type = "t249")]
    T249(Primitive<String>),
    #[fhir(type = "t250")]
    T250(Primitive<String>),
    #[fhir(type = "t251")]
    T251(Primitive<String>),
    #[fhir(type = "t252")]
    T252(Primitive<String>),
    #[fhir(type = "t253")]
    T253(Primitive<String>),
    #[fhir(type = "t254")]
    T254(Primitive<String>),
    #[fhir(type = "t255")]
    T255(Primitive<String>),
}

fn main() {
    println!("{:?}", TagValue::default());
}
