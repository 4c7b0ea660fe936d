alter sequence "public"."test_id_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle restart with 1;

alter sequence "public"."test2_id_seq" as bigint increment by 1 minvalue 1 maxvalue 9223372036854775807 start with 1 cache 1 no cycle;

create table "public"."unwanted" (
);

alter sequence "public"."test_id_seq" owned by "public"."test"."id";

alter sequence "public"."test2_id_seq" owned by none;
